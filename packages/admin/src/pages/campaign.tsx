import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { Confirm } from '../components/confirm.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import type { Formatters } from '../format.js';
import type { Translate } from '../i18n/index.js';
import { campaignStatusLabel, type Campaign } from './campaigns.js';
import { describeDefinition } from './segments.js';

interface Counts {
  planned: number;
  sent: number;
  unknown: number;
  failed: number;
  capped: number;
  excluded: number;
  heldOut: number;
  pending: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  attributedOrders: number;
  attributedRevenue: number;
  /** Later reports may count bounces; delivered is sent less those. */
  bounced?: number;
}
interface Estimate {
  treated: number;
  holdout: number;
  difference: number;
  low: number;
  high: number;
}
interface Group {
  recipients: number;
  converted: number;
  revenue: number;
}
interface Report {
  counts: Counts;
  opensApproximate: true;
  attributionDays: number;
  groups?: { treated: Group; holdout: Group };
  lift?: { conversion: Estimate; revenuePerRecipient: Estimate };
}
interface Recipient {
  profileId: string;
  customerId: string | null;
  email: string;
  firstName: string | null;
  holdout: boolean;
  status: string;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  unsubscribedAt: string | null;
}
interface Preview {
  group: 'treated' | 'holdout';
  status: string;
  email: { to: string; subject: string; text: string; headers: Record<string, string>; products: { productId: string; name: string; reason: string }[] };
}

const live = (s: string) => s === 'sending' || s === 'scheduled';

export function CampaignPage({ id }: { id: string }) {
  const { t } = useT();
  const path = `/v1/admin/campaigns/${encodeURIComponent(id)}`;
  const [loaded, reload] = useApi<Campaign & { report: Report }>(path);
  const status = loaded.state === 'ready' ? loaded.data.status : undefined;
  // While it is sending (or about to), the figures are fetched again every 1.5 s.
  useEffect(() => {
    if (!status || !live(status)) return;
    const timer = setInterval(reload, 1500);
    return () => clearInterval(timer);
  }, [status, reload]);
  return (
    <>
      <p>
        <a href="/admin/campaigns">← {t('campaigns.back')}</a>
      </p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(c) => <CampaignBody c={c} report={c.report} onChanged={reload} />}
      </WhenLoaded>
    </>
  );
}

function CampaignBody({ c, report, onChanged }: { c: Campaign; report: Report; onChanged: () => void }) {
  const { t } = useT();
  const { fmt } = useSession();
  const [confirming, setConfirming] = useState<'send' | 'cancel' | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const n = report.counts;
  const toSend = n.planned - n.heldOut;
  const done = toSend - n.pending;
  const act = async (what: 'send' | 'cancel') => {
    setError(undefined);
    try {
      await api(`/v1/admin/campaigns/${encodeURIComponent(c.id)}/${what}`, { method: 'POST' });
      setConfirming(undefined);
      onChanged();
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      <h1>{c.name}</h1>
      <section class="card" aria-label={t('campaign.facts')}>
        <dl class="facts">
          <dt>{t('col.status')}</dt>
          <dd>{campaignStatusLabel(t, c.status)}</dd>
          <dt>{t('campaigns.subject')}</dt>
          <dd>{c.subject}</dd>
          <dt>{t('campaigns.audience')}</dt>
          <dd>
            {describeDefinition(t, c.definition)}
            {c.segment_id && (
              <>
                {' · '}
                <a href={`/admin/segments/${encodeURIComponent(c.segment_id)}`}>{t('campaign.segmentLink')}</a>
              </>
            )}
          </dd>
          <dt>{t('campaigns.language')}</dt>
          <dd>{c.language === 'ru' ? 'Русский' : 'English'}</dd>
          <dt>{t('campaigns.holdoutPercent')}</dt>
          <dd>{fmt.pct(c.holdout_percent / 100)}</dd>
          <dt>{t('campaign.sendAt')}</dt>
          <dd>{fmt.dateTime(c.send_at)}</dd>
          <dt>{t('campaign.started')}</dt>
          <dd>{fmt.dateTime(c.started_at)}</dd>
          <dt>{t('campaign.finished')}</dt>
          <dd>{fmt.dateTime(c.finished_at)}</dd>
        </dl>
        {(c.status === 'sending' || (c.status === 'sent' && toSend > 0)) && (
          <div class="progress-box">
            <label for="send-progress">{t('campaign.progress', { done: fmt.int(done), total: fmt.int(toSend) })}</label>
            <progress id="send-progress" max={Math.max(1, toSend)} value={done} />
          </div>
        )}
        {c.status === 'scheduled' && <p class="help">{t('campaign.scheduledFor', { at: fmt.dateTime(c.send_at) })}</p>}
        <div class="actions">
          {(c.status === 'draft' || c.status === 'scheduled') && (
            <button type="button" onClick={() => setConfirming('send')}>
              {t('campaign.sendNow')}
            </button>
          )}
          {(c.status === 'draft' || c.status === 'scheduled' || c.status === 'sending') && (
            <button type="button" class="danger" onClick={() => setConfirming('cancel')}>
              {t('campaign.cancel')}
            </button>
          )}
        </div>
        {confirming && <Confirm danger={confirming === 'cancel'} message={t(confirming === 'send' ? 'campaign.confirmSend' : 'campaign.confirmCancel')} onCancel={() => setConfirming(undefined)} onConfirm={() => void act(confirming)} />}
        {error && <ErrorState error={error} />}
      </section>
      <section class="card" aria-labelledby="report-title">
        <h2 id="report-title">{t('campaign.report')}</h2>
        <ul class="metrics">
          <Figure label={t('campaigns.sent')} value={fmt.int(n.sent)} />
          <Figure label={t('campaign.delivered')} value={fmt.int(n.sent - (n.bounced ?? 0))} note={t('campaign.deliveredNote')} />
          <Figure label={t('campaigns.openedApprox')} value={fmt.int(n.opened)} note={t('campaign.openedNote')} />
          <Figure label={t('campaign.clicked')} value={fmt.int(n.clicked)} />
          <Figure label={t('campaign.unsubscribed')} value={fmt.int(n.unsubscribed)} />
          <Figure label={t('campaign.orders')} value={fmt.int(n.attributedOrders)} note={t('campaign.ordersNote', { days: report.attributionDays })} />
          <Figure label={t('campaign.revenue')} value={fmt.money(n.attributedRevenue)} />
        </ul>
        <p class="help">{t('campaign.otherCounts', { heldOut: fmt.int(n.heldOut), capped: fmt.int(n.capped), excluded: fmt.int(n.excluded), failed: fmt.int(n.failed), unknown: fmt.int(n.unknown), pending: fmt.int(n.pending) })}</p>
      </section>
      <LiftSection report={report} />
      <Recipients c={c} />
    </>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <li class="metric">
      <span class="metric-label">{label}</span>
      <span class="metric-value">{value}</span>
      {note && <span class="metric-change">{note}</span>}
    </li>
  );
}

/** Points of conversion with their sign: +3.2 points. */
const points = (fmt: Formatters, x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${fmt.dec(Math.abs(x * 100))}`;
const signedMoney = (fmt: Formatters, x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${fmt.money(Math.abs(x))}`;
const verdict = (t: Translate, e: Estimate): string => t(e.low > 0 ? 'lift.verdictUp' : e.high < 0 ? 'lift.verdictDown' : 'lift.verdictUnclear');

/** The holdout comparison in a merchant's words, with the figures beside. */
function LiftSection({ report }: { report: Report }) {
  const { t } = useT();
  const { fmt } = useSession();
  const { lift, groups } = report;
  return (
    <section class="card" aria-labelledby="lift-title">
      <h2 id="lift-title">{t('lift.title')}</h2>
      {!lift || !groups ? (
        <p class="state">{t('lift.notYet')}</p>
      ) : (
        <>
          <p class="lift-words">
            {t('lift.conversion', {
              days: report.attributionDays,
              treated: fmt.pct(lift.conversion.treated),
              holdout: fmt.pct(lift.conversion.holdout),
              diff: points(fmt, lift.conversion.difference),
              low: points(fmt, lift.conversion.low),
              high: points(fmt, lift.conversion.high),
            })}{' '}
            <strong>{verdict(t, lift.conversion)}</strong>
          </p>
          <p class="lift-words">
            {t('lift.revenue', {
              treated: fmt.money(lift.revenuePerRecipient.treated),
              holdout: fmt.money(lift.revenuePerRecipient.holdout),
              diff: signedMoney(fmt, lift.revenuePerRecipient.difference),
              low: signedMoney(fmt, lift.revenuePerRecipient.low),
              high: signedMoney(fmt, lift.revenuePerRecipient.high),
            })}
          </p>
          <DataTable
            id="lift-groups"
            title={t('lift.groups')}
            help={t('lift.help')}
            rows={[
              { group: t('lift.treated'), ...groups.treated },
              { group: t('lift.holdout'), ...groups.holdout },
            ]}
            columns={[
              { key: 'group', label: t('lift.group'), value: (g) => g.group },
              { key: 'recipients', label: t('lift.shoppers'), value: (g) => g.recipients, render: (g) => fmt.int(g.recipients), numeric: true },
              { key: 'converted', label: t('lift.converted'), value: (g) => g.converted, render: (g) => fmt.int(g.converted), numeric: true },
              { key: 'rate', label: t('col.conversion'), value: (g) => (g.recipients ? g.converted / g.recipients : 0), render: (g) => fmt.pct(g.recipients ? g.converted / g.recipients : 0), numeric: true },
              { key: 'revenue', label: t('col.revenue'), value: (g) => g.revenue, render: (g) => fmt.money(g.revenue), numeric: true },
              { key: 'perShopper', label: t('lift.perShopper'), value: (g) => (g.recipients ? g.revenue / g.recipients : 0), render: (g) => fmt.money(g.recipients ? g.revenue / g.recipients : 0), numeric: true },
            ]}
          />
        </>
      )}
    </section>
  );
}

const PAGE = 50;

function Recipients({ c }: { c: Campaign }) {
  const { t } = useT();
  const { fmt } = useSession();
  const [afters, setAfters] = useState<string[]>([]);
  const after = afters[afters.length - 1];
  const [loaded, reload] = useApi<{ planned: boolean; recipients: Recipient[]; next: string | null }>(`/v1/admin/campaigns/${encodeURIComponent(c.id)}/recipients?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
  const [previewing, setPreviewing] = useState<Recipient | undefined>();
  const when = (iso: string | null) => fmt.dateTime(iso);
  return (
    <>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ planned, recipients, next }) => (
          <>
            <DataTable
              id={`campaign-${c.id}-recipients`}
              title={t(planned ? 'campaign.recipients' : 'campaign.wouldGet')}
              rows={recipients}
              empty={t('campaign.noRecipients')}
              columns={[
                { key: 'email', label: t('col.email'), value: (r) => r.email, render: (r) => (r.customerId ? <a href={`/admin/customers/${encodeURIComponent(r.customerId)}`}>{r.email}</a> : r.email) },
                { key: 'group', label: t('lift.group'), value: (r) => (r.status === 'not_planned' ? '–' : r.holdout ? t('lift.holdout') : t('lift.treated')) },
                { key: 'status', label: t('col.status'), value: (r) => t(`recipientStatus.${r.status}` as MessageKey) },
                { key: 'sent', label: t('campaigns.sent'), value: (r) => r.sentAt, render: (r) => when(r.sentAt) },
                { key: 'opened', label: t('campaigns.openedApprox'), value: (r) => r.openedAt, render: (r) => when(r.openedAt) },
                { key: 'clicked', label: t('campaign.clicked'), value: (r) => r.clickedAt, render: (r) => when(r.clickedAt) },
                {
                  key: 'preview',
                  label: t('campaign.preview'),
                  value: () => '',
                  render: (r) => (
                    <button type="button" class="secondary" onClick={() => setPreviewing(r)} aria-label={t('campaign.previewFor', { email: r.email })}>
                      {t('campaign.preview')}
                    </button>
                  ),
                },
              ]}
            />
            <nav class="pager" aria-label={t('campaign.recipientPages')}>
              <button type="button" class="secondary" disabled={afters.length === 0} onClick={() => setAfters(afters.slice(0, -1))}>
                {t('customers.prev')}
              </button>
              <button type="button" class="secondary" disabled={!next} onClick={() => next && setAfters([...afters, next])}>
                {t('customers.next')}
              </button>
            </nav>
          </>
        )}
      </WhenLoaded>
      {previewing && <EmailPreview campaignId={c.id} recipient={previewing} />}
    </>
  );
}

/** The exact e-mail this recipient gets: headers, the products with their reasons, the HTML as a mail client shows it, and the text part. */
function EmailPreview({ campaignId, recipient }: { campaignId: string; recipient: Recipient }) {
  const { t } = useT();
  const base = `/v1/admin/campaigns/${encodeURIComponent(campaignId)}/preview/${encodeURIComponent(recipient.profileId)}`;
  const [loaded, reload] = useApi<Preview>(base);
  return (
    <section class="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('campaign.previewTitle', { email: recipient.email })}</h2>
      <p class="help">{t('campaign.previewHelp')}</p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(p) => (
          <>
            {p.group === 'holdout' && (
              <p class="notice" role="status">
                {t('campaign.previewHoldout')}
              </p>
            )}
            <dl class="facts">
              <dt>{t('campaign.to')}</dt>
              <dd>{p.email.to}</dd>
              <dt>{t('campaigns.subject')}</dt>
              <dd>{p.email.subject}</dd>
              <dt>List-Unsubscribe</dt>
              <dd>
                <code>{p.email.headers['List-Unsubscribe'] ?? '–'}</code>
              </dd>
            </dl>
            <h3>{t('campaign.products')}</h3>
            <ol class="preview" aria-label={t('campaign.products')}>
              {p.email.products.map((x) => (
                <li key={x.productId}>
                  <strong>{x.name}</strong> — {x.reason}
                </li>
              ))}
            </ol>
            <iframe class="email-frame" title={t('campaign.htmlVersion')} sandbox="" src={`${base}/html`} />
            <details>
              <summary>{t('campaign.textVersion')}</summary>
              <pre class="email-text">{p.email.text}</pre>
            </details>
          </>
        )}
      </WhenLoaded>
    </section>
  );
}

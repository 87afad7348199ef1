import { sql, type RawBuilder } from 'kysely';
import type { Period } from './period.js';

// The sessions of a period, built from raw events (a rollup maintained by a job
// is the follow-up for shops with millions of events: docs/admin.md).
//
// A session is the sdk's `context.sessionId` (it ends after 30 minutes without
// an event) within one browser (anonymous id). Events without one (sent by a
// server, or imported) are grouped per browser by the same rule: a gap over 30
// minutes starts a new session. A session is counted in the period of its
// first event; what it came from is read from that first event: its page's
// path (the landing page), referrer, UTM campaign and search engine.
export const SESSION_GAP = '30 minutes';

const searchEngines = `'google','bing','yahoo','duckduckgo','yandex','baidu','ecosia','qwant','startpage','naver','seznam','ask'`;
const socialSources = `'facebook','fb','instagram','ig','twitter','x','t.co','linkedin','lnkd.in','pinterest','tiktok','youtube','reddit','vk','telegram','whatsapp','threads','snapchat'`;
const socialDomains = String.raw`'(^|\.)(facebook\.com|fb\.com|instagram\.com|twitter\.com|x\.com|t\.co|linkedin\.com|lnkd\.in|pinterest\.[a-z.]+|tiktok\.com|youtube\.com|reddit\.com|vk\.com|t\.me|whatsapp\.com|threads\.net|snapchat\.com)$'`;
const searchDomains = String.raw`'(^|\.)(google|bing|yahoo|duckduckgo|yandex|baidu|ecosia|qwant|startpage|naver|seznam|ask)\.[a-z.]+$'`;

/**
 * `with ... sessions as (...)`: one row per session of the shop in the period,
 * with session_key, visitor, started_at, day, landing_path, referrer_domain,
 * utm_source, utm_medium, utm_campaign, utm_term, search_engine, keyword,
 * search_term (the paid term, else the keyword the referrer still carried),
 * channel, orders, revenue. Follow it with a select from `sessions`.
 */
export function withSessions(shopId: string, p: Period): RawBuilder<unknown> {
  return sql`
    with e as (
      select anonymous_id, timestamp, type, event, properties, context, context->>'sessionId' as sdk_sid
        from events
       where shop_id = ${shopId} and timestamp >= ${p.from} and timestamp < ${p.to} and anonymous_id is not null
    ),
    g as (
      select e.*, case when lag(timestamp) over w is null or timestamp - lag(timestamp) over w > interval '${sql.raw(SESSION_GAP)}' then 1 else 0 end as gap_start
        from e window w as (partition by anonymous_id order by timestamp)
    ),
    k as (
      select g.*, anonymous_id || ':' || coalesce('s' || sdk_sid, 'g' || sum(gap_start) over (partition by anonymous_id order by timestamp rows unbounded preceding)) as session_key
        from g
    ),
    firsts as (
      select distinct on (session_key) session_key, anonymous_id as visitor, timestamp as started_at,
             coalesce(case when type = 'page' then properties->>'path' end, context->'page'->>'path', '/') as landing_path,
             lower(substring(coalesce(nullif(context->'page'->>'referrer', ''), case when type = 'page' then nullif(properties->>'referrer', '') end) from '^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^:/?#]+)')) as ref_host,
             lower(substring(coalesce(context->'page'->>'url', case when type = 'page' then properties->>'url' end) from '^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^:/?#]+)')) as own_host,
             lower(context->'campaign'->>'source') as utm_source,
             lower(context->'campaign'->>'medium') as utm_medium,
             context->'campaign'->>'name' as utm_campaign,
             context->'campaign'->>'term' as utm_term,
             (context->'campaign') ?| array['gclid','gbraid','wbraid','dclid','msclkid','yclid'] as search_click,
             (context->'campaign') ?| array['fbclid','ttclid','twclid','li_fat_id','epik'] as social_click,
             lower(context->'searchEngine'->>'engine') as search_engine,
             context->'searchEngine'->>'keyword' as keyword
        from k order by session_key, timestamp
    ),
    orders as (
      select session_key, count(distinct properties->>'order_id')::int as orders,
             sum(case when jsonb_typeof(properties->'total') = 'number' then (properties->>'total')::numeric else 0 end) as revenue
        from (select distinct on (properties->>'order_id') session_key, properties from k
               where type = 'track' and event = 'Order Completed' and properties->>'order_id' is not null
               order by properties->>'order_id', timestamp) o
       group by session_key
    ),
    s0 as (
      select f.*, case when f.ref_host is null or f.ref_host = f.own_host then null else regexp_replace(f.ref_host, '^www\\.', '') end as referrer_domain
        from firsts f
    ),
    sessions as (
      select s0.session_key, s0.visitor, s0.started_at, to_char(s0.started_at at time zone 'UTC', 'YYYY-MM-DD') as day, s0.landing_path,
             s0.referrer_domain, s0.utm_source, s0.utm_medium, s0.utm_campaign, s0.utm_term,
             coalesce(s0.search_engine, substring(s0.referrer_domain from ${sql.raw(searchDomains.replace('(^|\\.)', '(?:^|\\.)'))})) as search_engine,
             s0.keyword, coalesce(s0.utm_term, s0.keyword) as search_term,
             case
               when s0.utm_medium in ('email', 'e-mail', 'newsletter') or s0.utm_source in ('newsletter', 'email') then 'email'
               when s0.search_click or (s0.utm_medium in ('cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'paid-search', 'sem') and coalesce(s0.utm_source, '') not in (${sql.raw(socialSources)})) then 'paid_search'
               when s0.social_click or s0.utm_medium in ('social', 'social-network', 'social_network', 'sm', 'paid_social', 'paidsocial', 'paid-social') or s0.utm_source in (${sql.raw(socialSources)})
                    or s0.referrer_domain ~ ${sql.raw(socialDomains)} then 'social'
               when s0.search_engine in (${sql.raw(searchEngines)}) or s0.referrer_domain ~ ${sql.raw(searchDomains)} or s0.utm_medium = 'organic' then 'organic_search'
               when s0.referrer_domain is not null then 'referral'
               when s0.utm_source is not null or s0.utm_medium is not null then 'other_campaign'
               else 'direct'
             end as channel,
             coalesce(o.orders, 0) as orders, coalesce(o.revenue, 0) as revenue
        from s0 left join orders o on o.session_key = s0.session_key
    )`;
}

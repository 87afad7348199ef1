import { Router } from 'express';
import type { ReceivedMail, SmtpSink } from '../mail/index.js';
import { DEMO_SHOP_ID } from './demo-shop.js';

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

// Public pages: only the demo shop's messages, never another shop's mail
// (the sender marks each message with its shop; the sink is only fed the demo's).
const demoMessages = (sink: SmtpSink): ReceivedMail[] => sink.messages.filter((m) => m.headers['x-vitrina-shop'] === DEMO_SHOP_ID).reverse();

/**
 * The demo's mailbox: what the local SMTP sink received for the demo shop,
 * newest first, as a page (`/demo/mailbox`) and as JSON (`/demo/mailbox.json`).
 */
export function demoMailboxRoutes(sink: SmtpSink): Router {
  const router = Router();
  router.get('/demo/mailbox.json', function getMailboxJson(_req, res) {
    res.set('Cache-Control', 'no-store').json({ messages: demoMessages(sink) });
  });
  router.get('/demo/mailbox', function getMailbox(_req, res) {
    const messages = demoMessages(sink);
    const items = messages
      .map((m) => `<article><h2>${escapeHtml(m.subject)}</h2><p><b>To:</b> ${escapeHtml(m.to.join(', '))} · <b>From:</b> ${escapeHtml(m.from)} · ${escapeHtml(m.receivedAt)}${m.attachments.length ? ` · ${m.attachments.length} attachment(s)` : ''}</p><pre>${escapeHtml(m.text)}</pre></article>`)
      .join('');
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Demo mailbox</title>` +
          `<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ddd;border-radius:8px;padding:0 1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>` +
          `<h1>Demo mailbox</h1><p>E-mails the service center sent through SMTP to the demo's local sink (${messages.length}).</p>${items || '<p>Nothing yet.</p>'}</html>`,
      );
  });
  return router;
}

// What every page of the demo shop does: start the sdk, show the header's
// cart count and sign-in state, ask for consent once, and link the service center.
import { readCart } from './cart.js';

const Vitrina = () => window.Vitrina;

/** The shop's config: the server gives the demo page its public write key. */
export async function loadConfig() {
  const res = await fetch('/demo/config.json');
  return res.json();
}

/**
 * Starts the sdk for this page. `setup` runs first, before init, so that it
 * can set slot attributes (`data-products`) the sdk reads when it renders.
 */
export async function startShop(setup) {
  renderHeader();
  const config = await loadConfig();
  window.vitrinaConfig = config;
  await setup?.(config);
  // The demo shop asks before tracking: nothing is sent or stored until the shopper agrees.
  Vitrina().init({ writeKey: config.writeKey, endpoint: config.endpoint, consent: 'opt-in', respectGpc: true });
  await showConsentBanner();
  return config;
}

export function formatPrice(price, currency = 'EUR') {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(price);
}

/** A product as Segment's E-commerce v2 properties. */
export function productProperties(p, quantity) {
  return {
    product_id: p.productId,
    name: p.name,
    category: p.category,
    brand: p.brand,
    price: p.price,
    currency: p.currency,
    url: p.url,
    image_url: p.imageUrl,
    ...(quantity ? { quantity } : {}),
  };
}

export function readSignedIn() {
  try {
    return JSON.parse(localStorage.getItem('demo.customer') || 'null');
  } catch {
    return null;
  }
}

export function renderHeader() {
  const count = readCart().reduce((n, line) => n + line.quantity, 0);
  const badge = document.querySelector('[data-cart-count]');
  if (badge) badge.textContent = String(count);
  const customer = readSignedIn();
  const account = document.querySelector('[data-account]');
  if (account) account.textContent = customer ? `Signed in as ${customer.id}` : 'Sign in';
}

async function showConsentBanner() {
  const choice = await Vitrina().consent();
  if (choice.analytics !== undefined) return;
  const banner = document.createElement('section');
  banner.className = 'consent';
  banner.setAttribute('role', 'dialog');
  banner.setAttribute('aria-label', 'Privacy choices');
  banner.innerHTML = `
    <p>We would like to remember what you look at to suggest products you will like and to improve the shop.
    Nothing is recorded until you agree.</p>
    <button type="button" data-consent="accept">Accept</button>
    <button type="button" data-consent="decline" class="secondary">Decline</button>`;
  banner.addEventListener('click', async (e) => {
    const answer = e.target.closest('[data-consent]')?.dataset.consent;
    if (!answer) return;
    const yes = answer === 'accept';
    await Vitrina().consent({ analytics: yes, personalization: yes });
    banner.remove();
    // Now the suggestions may use what this shopper did.
    if (yes) await Vitrina().render();
  });
  document.body.append(banner);
}

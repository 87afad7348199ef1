// Checkout: prefilled from the last checkout of a verified shopper; placing the
// order identifies the shopper by e-mail and completes the order.
import { cartTotal, readCart, writeCart } from './cart.js';
import { formatPrice, productProperties, readSignedIn, renderHeader, startShop } from './shop.js';

await startShop();
const lines = readCart();
const form = document.querySelector('[data-checkout-form]');
const products = lines.map((l) => productProperties(l.product, l.quantity));
const total = cartTotal(lines);
document.querySelector('[data-checkout-summary]').textContent = lines.length
  ? `${lines.length} ${lines.length === 1 ? 'product' : 'products'}, ${formatPrice(total)}`
  : 'Your cart is empty.';
form.hidden = lines.length === 0;
if (lines.length) window.Vitrina.checkoutStarted({ value: total, revenue: total, currency: 'EUR', products });

// Less typing for a returning shopper: the last delivery method, address and payment type.
const profile = await window.Vitrina.profile();
const last = profile?.checkout;
if (last) {
  for (const [name, value] of Object.entries({ ...last.address, deliveryMethod: last.deliveryMethod, paymentType: last.paymentType })) {
    if (value && form.elements[name]) form.elements[name].value = value;
  }
}

// One order number per checkout page: a second submit (a double click, a
// retry) names the same order, which the server stores once.
const orderId = `W${Date.now().toString(36).toUpperCase()}`;
let placed = false;
form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (placed) return;
  placed = true;
  form.querySelector('button[type="submit"], button:not([type])')?.setAttribute('disabled', '');
  const data = Object.fromEntries(new FormData(form));
  const [firstName, ...rest] = String(data.name).split(' ');
  // A guest is known by e-mail; a signed-in shopper by their customer id.
  const customerId = readSignedIn()?.id || String(data.email).toLowerCase();
  window.Vitrina.identify(customerId, { email: data.email, firstName, lastName: rest.join(' ') });
  window.Vitrina.orderCompleted({
    order_id: orderId,
    total,
    revenue: total,
    currency: 'EUR',
    email: data.email,
    products,
    delivery_method: data.deliveryMethod,
    payment_type: data.paymentType,
    shipping_address: { name: data.name, line1: data.line1, city: data.city, postalCode: data.postalCode, country: data.country },
  });
  writeCart([]);
  renderHeader();
  form.hidden = true;
  const done = document.querySelector('[data-order-done]');
  done.hidden = false;
  // No e-mail is claimed: a storefront event is unsigned, so Vitrina does not mail the address it names.
  done.textContent = `Thank you! Your order ${orderId} is placed. You can follow it in the service center.`;
  done.dataset.orderId = orderId;
});

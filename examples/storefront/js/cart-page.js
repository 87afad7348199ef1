// Cart: the lines, a cart view, removing a line, cross-sell for the whole cart.
import { cartTotal, readCart, removeFromCart } from './cart.js';
import { formatPrice, productProperties, renderHeader, startShop } from './shop.js';

const slot = document.querySelector('[data-vitrina="cross-sell"]');
const setSlotProducts = () => (slot.dataset.products = readCart().map((l) => l.product.productId).join(','));

function renderLines() {
  const lines = readCart();
  const box = document.querySelector('[data-cart-lines]');
  document.querySelector('[data-checkout-link]').hidden = lines.length === 0;
  if (!lines.length) {
    box.innerHTML = '<p>Your cart is empty.</p>';
    return;
  }
  const table = document.createElement('table');
  table.className = 'cart-lines';
  table.innerHTML = '<thead><tr><th>Product</th><th>Quantity</th><th>Price</th><th></th></tr></thead><tbody></tbody>';
  for (const { product, quantity } of lines) {
    const tr = document.createElement('tr');
    tr.innerHTML = '<td><a></a></td><td></td><td></td><td><button type="button" class="secondary">Remove</button></td>';
    tr.querySelector('a').href = product.url;
    tr.querySelector('a').textContent = product.name;
    tr.children[1].textContent = String(quantity);
    tr.children[2].textContent = formatPrice(product.price * quantity, product.currency);
    tr.querySelector('button').addEventListener('click', async () => {
      removeFromCart(product.productId);
      window.Vitrina.productRemoved(productProperties(product, quantity));
      renderLines();
      renderHeader();
      setSlotProducts();
      await window.Vitrina.render(slot.parentElement);
    });
    table.tBodies[0].append(tr);
  }
  const total = document.createElement('p');
  total.textContent = `Total: ${formatPrice(cartTotal(lines))}`;
  box.replaceChildren(table, total);
}

renderLines();
await startShop(setSlotProducts);
const lines = readCart();
window.Vitrina.cartViewed({ products: lines.map((l) => productProperties(l.product, l.quantity)) });

// Product page: the product, a product view, add to cart, cross-sell for this product.
import { addToCart } from './cart.js';
import { fetchProducts } from './catalog.js';
import { formatPrice, productProperties, renderHeader, startShop } from './shop.js';

const id = new URLSearchParams(location.search).get('id') || '';
const article = document.querySelector('[data-product]');

await startShop(() => {
  // The sdk reads the cross-sell slot's products when it renders at init.
  document.querySelector('[data-vitrina="cross-sell"]').dataset.products = id;
});

const [product] = await fetchProducts({ ids: [id] });
if (!product) {
  article.innerHTML = '<p>This product does not exist.</p>';
} else {
  document.title = `${product.name} · Vitrina demo shop`;
  article.innerHTML = `
    <img alt="" width="480" height="360">
    <div>
      <h1></h1>
      <p class="brand"></p>
      <p class="price"></p>
      <p class="description"></p>
      <label>Quantity <input type="number" name="quantity" value="1" min="1" max="20"></label>
      <button type="button" data-add-to-cart>Add to cart</button>
      <p role="status" data-added></p>
    </div>`;
  article.querySelector('img').src = product.imageUrl;
  article.querySelector('h1').textContent = product.name;
  article.querySelector('.brand').textContent = `${product.brand} · ${product.category}`;
  article.querySelector('.price').textContent = formatPrice(product.price, product.currency);
  article.querySelector('.description').textContent = product.description;
  window.Vitrina.productViewed(productProperties(product));
  article.querySelector('[data-add-to-cart]').addEventListener('click', () => {
    const quantity = Number(article.querySelector('[name=quantity]').value) || 1;
    addToCart(product, quantity);
    window.Vitrina.productAdded(productProperties(product, quantity));
    article.querySelector('[data-added]').textContent = `Added ${quantity} to your cart.`;
    renderHeader();
  });
}

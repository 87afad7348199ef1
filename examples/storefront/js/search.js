// Search results and category listings; every search is tracked with its result count.
import { fetchProducts, renderProductCard } from './catalog.js';
import { startShop } from './shop.js';

const params = new URLSearchParams(location.search);
const q = params.get('q')?.trim() || '';
const category = params.get('category') || '';
document.querySelector('#q').value = q;

await startShop();
const products = await fetchProducts({ q, category, limit: 48 });
document.querySelector('[data-search-title]').textContent = q ? `Results for “${q}”` : category || 'All products';
document.querySelector('[data-search-count]').textContent = `${products.length} ${products.length === 1 ? 'product' : 'products'}`;
document.querySelector('[data-search-results]').replaceChildren(...products.map(renderProductCard));
if (q) window.Vitrina.productsSearched(q, { results: products.length });
else if (category) window.Vitrina.track('Product List Viewed', { list_id: 'category', category, products: products.slice(0, 20).map((p, i) => ({ product_id: p.productId, position: i + 1 })) });

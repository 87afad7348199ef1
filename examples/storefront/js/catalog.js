// The shop's catalog, read from Vitrina's public products endpoint.

/**
 * @param {{ ids?: string[], q?: string, category?: string, limit?: number }} query
 * @returns {Promise<object[]>} products: productId, name, price, currency, url, imageUrl, category, brand, description, inStock
 */
export async function fetchProducts(query) {
  const { writeKey, endpoint } = window.vitrinaConfig;
  const url = new URL(`${endpoint || ''}/v1/products`, location.href);
  url.searchParams.set('writeKey', writeKey);
  if (query.ids) url.searchParams.set('ids', query.ids.join(','));
  if (query.q) url.searchParams.set('q', query.q);
  if (query.category) url.searchParams.set('category', query.category);
  if (query.limit) url.searchParams.set('limit', String(query.limit));
  try {
    const res = await fetch(url);
    if (res.ok) return (await res.json()).products;
  } catch {
    // The catalog is unreachable: the page shows nothing found rather than breaking.
  }
  return [];
}

/** A product card for listings. */
export function renderProductCard(p) {
  const li = document.createElement('li');
  li.className = 'vitrina-item';
  const a = document.createElement('a');
  a.href = p.url;
  a.className = 'vitrina-link';
  const img = document.createElement('img');
  img.src = p.imageUrl;
  img.alt = '';
  const name = document.createElement('span');
  name.className = 'vitrina-name';
  name.textContent = p.name;
  a.append(img, name);
  const price = document.createElement('span');
  price.className = 'vitrina-price';
  price.textContent = new Intl.NumberFormat('en-GB', { style: 'currency', currency: p.currency }).format(p.price);
  li.append(a, price);
  return li;
}

// Home: a page view, the greeting, the personal showcase, reorder suggestions for returning shoppers.
import { startShop } from './shop.js';

await startShop();
// All slots (greeting, showcase, reorder) are filled by the sdk at init.
const categories = ['Headphones', 'Speakers', 'Kitchen Appliances', 'Lighting', 'Coffee', 'Tea', 'Pet Food', 'Skin Care', 'Books', 'Outdoor', 'Toys', 'Home Textiles'];
const list = document.querySelector('[data-categories]');
for (const c of categories) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = `/search.html?category=${encodeURIComponent(c)}`;
  a.textContent = c;
  li.append(a);
  list.append(li);
}

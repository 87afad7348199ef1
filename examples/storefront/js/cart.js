// The demo shop's cart: kept in this browser, like many small shops do.
const key = 'demo.cart';

/** @returns {{ product: object, quantity: number }[]} */
export function readCart() {
  try {
    return JSON.parse(localStorage.getItem(key) || '[]');
  } catch {
    return [];
  }
}

export function writeCart(lines) {
  localStorage.setItem(key, JSON.stringify(lines));
}

export function addToCart(product, quantity = 1) {
  const lines = readCart();
  const line = lines.find((l) => l.product.productId === product.productId);
  if (line) line.quantity += quantity;
  else lines.push({ product, quantity });
  writeCart(lines);
}

export function removeFromCart(productId) {
  writeCart(readCart().filter((l) => l.product.productId !== productId));
}

export function cartTotal(lines) {
  return Math.round(lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0) * 100) / 100;
}

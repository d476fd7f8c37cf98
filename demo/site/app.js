// The demo shop's browser code: a tiny single-page app over the storefront's /api (forwarded to the gateway).
const view = document.getElementById('view');
const cartId = sessionStorage.getItem('cartId') || `c-${Math.random().toString(36).slice(2, 10)}`;
sessionStorage.setItem('cartId', cartId);

const price = (cents) => `€${(cents / 100).toFixed(2)}`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function api(path, init) {
  const res = await fetch(
    `/api${path}`,
    init && { ...init, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) },
  );
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

async function listPage() {
  const { products } = await api('/products');
  view.innerHTML = `<h1>Products</h1><ul class="products">${products
    .map((p) => `<li><a class="product-link" data-nav href="/product/${p.id}">${escape(p.name)}</a><p>${price(p.priceCents)}</p></li>`)
    .join('')}</ul>`;
}

async function productPage(id) {
  const p = await api(`/products/${id}`);
  view.innerHTML = `<h1>${escape(p.name)}</h1><p>${price(p.priceCents)} · ${p.stock} in stock</p>
    <button id="add-to-cart">Add to cart</button><p id="status"></p>`;
  // a flaky "recommendations" widget: now and then it throws, so the EUM errors view has a real browser error
  if (Math.random() < 0.1) {
    setTimeout(() => {
      const widget = undefined;
      return widget.items.length;
    }, 50);
  }
  document.getElementById('add-to-cart').onclick = async () => {
    const status = document.getElementById('status');
    try {
      await api(`/cart/${cartId}/items`, { method: 'POST', body: { productId: p.id, qty: 1 } });
      status.textContent = 'Added to cart.';
    } catch (err) {
      status.innerHTML = `<span class="error">${escape(err.message)}</span>`;
    }
  };
}

async function cartPage() {
  const { items } = await api(`/cart/${cartId}`);
  view.innerHTML = `<h1>Cart</h1><p>${items.length} product(s)</p>
    <button id="quote">Shipping quote</button><button id="checkout">Check out</button><p id="status"></p>`;
  const status = document.getElementById('status');
  document.getElementById('quote').onclick = async () => {
    status.textContent = 'Asking the carrier…';
    const q = await api('/shipping/quote?zip=10115');
    status.textContent = `${q.carrier}: ${price(q.priceCents)}, ${q.days} days`;
  };
  document.getElementById('checkout').onclick = async () => {
    try {
      const order = await api('/checkout', { method: 'POST', body: { cartId } });
      status.textContent = `Order ${order.orderId} placed.`;
    } catch (err) {
      status.innerHTML = `<span class="error">Checkout failed: ${escape(err.message)}</span>`;
    }
  };
}

async function render() {
  const path = location.pathname;
  const product = path.match(/^\/product\/(\d+)$/);
  try {
    if (product) await productPage(product[1]);
    else if (path === '/cart') await cartPage();
    else await listPage();
  } catch (err) {
    view.innerHTML = `<p class="error">${escape(err.message)}</p>`;
  }
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-nav]');
  if (!link) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  render();
});
window.addEventListener('popstate', render);
render();

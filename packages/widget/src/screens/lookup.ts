import { errorText, type Ctx } from '../context.js';
import { h } from '../dom.js';

/** Order number plus e-mail or postal code; a miss and a wrong e-mail read the same. */
export function lookupScreen(ctx: Ctx, message?: string): HTMLElement {
  const { t } = ctx;
  const err = h('p', { class: 'err', role: 'alert', id: 'vsc-lookup-err' }, message ?? '');
  const number = h('input', { id: 'vsc-order', name: 'orderNumber', required: true, autocomplete: 'off', inputmode: 'text', 'aria-describedby': 'vsc-lookup-err' });
  const secret = h('input', { id: 'vsc-secret', name: 'secret', type: 'email', required: true, autocomplete: 'email', 'aria-describedby': 'vsc-lookup-err' });
  const secretLabel = h('label', { for: 'vsc-secret' }, t('email'));
  let by: 'email' | 'postalCode' = 'email';
  const choose = (value: typeof by) => () => {
    by = value;
    secretLabel.textContent = t(value);
    secret.type = value === 'email' ? 'email' : 'text';
    secret.autocomplete = value === 'email' ? 'email' : 'postal-code';
  };
  const radio = (value: typeof by) =>
    h('label', null, h('input', { type: 'radio', name: 'by', value, checked: value === 'email', on: { change: choose(value) } }), t(value));
  const submit = h('button', { type: 'submit' }, t('find'));
  const form = h(
    'form',
    {
      novalidate: true,
      on: {
        submit: async (e) => {
          e.preventDefault();
          const orderNumber = number.value.trim();
          const value = secret.value.trim();
          number.setAttribute('aria-invalid', String(!orderNumber));
          secret.setAttribute('aria-invalid', String(!value));
          if (!orderNumber || !value) {
            err.textContent = t('eInput');
            (orderNumber ? secret : number).focus();
            return;
          }
          submit.disabled = true;
          submit.textContent = t('searching');
          err.textContent = '';
          try {
            const session = await ctx.api.lookup({ orderNumber, [by]: value });
            ctx.api.token = session.token;
            ctx.go(session.level === 'order' && session.orderId ? { name: 'order', id: session.orderId } : { name: 'orders' });
          } catch (e2) {
            err.textContent = errorText(e2, t);
            submit.disabled = false;
            submit.textContent = t('find');
            number.focus();
          }
        },
      },
    },
    h('p', { class: 'hint' }, t('lookupIntro')),
    h('label', { for: 'vsc-order' }, t('orderNumber')),
    number,
    h('fieldset', null, h('legend', null, t('proveWith')), radio('email'), radio('postalCode')),
    secretLabel,
    secret,
    err,
    h('div', { class: 'acts' }, submit),
  );
  return h('section', null, h('h2', { tabindex: -1 }, t('lookupTitle')), form);
}

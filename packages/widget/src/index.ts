import { ServiceCenterElement } from './element.js';

// Defined once, even when the script is included twice.
if (typeof customElements !== 'undefined' && !customElements.get('vitrina-service-center')) {
  customElements.define('vitrina-service-center', ServiceCenterElement);
}

export { ServiceCenterElement };
export { timelineSteps, warrantyText } from './screens/order.js';
export { pickLocale, translator } from './i18n.js';

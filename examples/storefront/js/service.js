// Service center: the widget is another script; the page only hands it the shop's key.
import { startShop } from './shop.js';

const config = await startShop();
const widget = document.querySelector('vitrina-service-center');
widget.setAttribute('write-key', config.writeKey);
if (config.endpoint) widget.setAttribute('endpoint', config.endpoint);

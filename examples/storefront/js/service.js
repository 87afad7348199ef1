// Service center: the widget is another script; the page only hands it the shop's key.
import { startShop } from './shop.js';

const widget = document.querySelector('vitrina-service-center');

// The language switch sets the widget's own `lang`, which it redraws in at once (no reload, nothing
// typed is lost); "your browser's language" removes it, and the widget follows the browser again.
// Set before the widget's script runs, so that it starts in the chosen language.
const langSwitch = document.querySelector('[data-widget-lang]');
const applyLang = (lang) => (lang ? widget.setAttribute('lang', lang) : widget.removeAttribute('lang'));
langSwitch.value = localStorage.getItem('demo.widgetLang') ?? '';
applyLang(langSwitch.value);
langSwitch.addEventListener('change', () => {
  localStorage.setItem('demo.widgetLang', langSwitch.value);
  applyLang(langSwitch.value);
});

const config = await startShop();
widget.setAttribute('write-key', config.writeKey);
if (config.endpoint) widget.setAttribute('endpoint', config.endpoint);

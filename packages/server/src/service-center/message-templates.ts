import type { ClaimStatus, OrderStatusValue, SupportedLocale, TemplateKey } from '@vitrina/protocol';

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** The variables each template may use, as `{{name}}`. */
export const templateVariables: Record<TemplateKey, readonly string[]> = {
  claim_request: ['shopName', 'claimId', 'pointName', 'orderId', 'productName', 'serialNumber', 'problem', 'customerName', 'customerEmail', 'purchasedOn', 'warrantyEndsOn', 'photo'],
  claim_confirmation: ['shopName', 'claimId', 'customerName', 'productName', 'serialNumber', 'pointName', 'pointAddress', 'pointCity', 'pointPostalCode', 'pointHours', 'mapUrl', 'distance', 'warrantyEndsOn', 'link'],
  claim_status: ['shopName', 'claimId', 'customerName', 'productName', 'serialNumber', 'status', 'outcome', 'note', 'pointName', 'link'],
  order_status: ['shopName', 'orderId', 'customerName', 'status', 'carrier', 'trackingNumber', 'expectedOn', 'note', 'link'],
};

/** Shipped defaults; a shop overrides any of them per language through the admin API. */
export const defaultTemplates: Record<TemplateKey, Record<SupportedLocale, MessageTemplate>> = {
  claim_request: {
    en: {
      subject: 'Warranty service request {{claimId}}: {{productName}}',
      body: `Hello {{pointName}},

{{shopName}} asks you to service the following item under warranty.

Request:        {{claimId}}
Product:        {{productName}}
Serial number:  {{serialNumber}}
Order:          {{orderId}}, bought {{purchasedOn}}
Warranty until: {{warrantyEndsOn}}
Customer:       {{customerName}} <{{customerEmail}}>
Photo:          {{photo}}

The customer describes the problem as:
{{problem}}

Please quote {{claimId}} in all correspondence.
{{shopName}}`,
    },
    ru: {
      subject: 'Заявка на гарантийное обслуживание {{claimId}}: {{productName}}',
      body: `Здравствуйте, {{pointName}}!

{{shopName}} просит принять на гарантийное обслуживание следующий товар.

Заявка:           {{claimId}}
Товар:            {{productName}}
Серийный номер:   {{serialNumber}}
Заказ:            {{orderId}}, куплен {{purchasedOn}}
Гарантия до:      {{warrantyEndsOn}}
Покупатель:       {{customerName}} <{{customerEmail}}>
Фото:             {{photo}}

Описание неисправности со слов покупателя:
{{problem}}

Пожалуйста, указывайте номер {{claimId}} в переписке.
{{shopName}}`,
    },
  },
  claim_confirmation: {
    en: {
      subject: 'We have sent your {{productName}} request {{claimId}} to {{pointName}}',
      body: `Hello {{customerName}},

we have registered your warranty request {{claimId}} for {{productName}} (serial number {{serialNumber}}) and sent it to the nearest service point that repairs it:

{{pointName}}
{{pointAddress}}, {{pointPostalCode}} {{pointCity}}
Opening hours: {{pointHours}}
Distance: {{distance}}
Map: {{mapUrl}}

Bring the item with its accessories to the service point and quote {{claimId}}. The warranty runs until {{warrantyEndsOn}}.
Follow the request at any time: {{link}}

{{shopName}}`,
    },
    ru: {
      subject: 'Заявка {{claimId}} на {{productName}} передана в {{pointName}}',
      body: `Здравствуйте, {{customerName}}!

Мы зарегистрировали вашу гарантийную заявку {{claimId}} на {{productName}} (серийный номер {{serialNumber}}) и передали её в ближайший сервисный центр, который обслуживает этот товар:

{{pointName}}
{{pointAddress}}, {{pointPostalCode}} {{pointCity}}
Часы работы: {{pointHours}}
Расстояние: {{distance}}
Карта: {{mapUrl}}

Принесите товар с комплектующими в сервисный центр и назовите номер {{claimId}}. Гарантия действует до {{warrantyEndsOn}}.
Статус заявки: {{link}}

{{shopName}}`,
    },
  },
  claim_status: {
    en: {
      subject: 'Your request {{claimId}}: {{status}}',
      body: `Hello {{customerName}},

{{outcome}}

{{note}}

Request {{claimId}}, {{productName}} (serial number {{serialNumber}}), service point {{pointName}}.
Follow it here: {{link}}

{{shopName}}`,
    },
    ru: {
      subject: 'Ваша заявка {{claimId}}: {{status}}',
      body: `Здравствуйте, {{customerName}}!

{{outcome}}

{{note}}

Заявка {{claimId}}, {{productName}} (серийный номер {{serialNumber}}), сервисный центр {{pointName}}.
Статус заявки: {{link}}

{{shopName}}`,
    },
  },
  order_status: {
    en: {
      subject: 'Your order {{orderId}}: {{status}}',
      body: `Hello {{customerName}},

your order {{orderId}} is now: {{status}}.
Carrier: {{carrier}}, tracking number: {{trackingNumber}}
{{note}}

See the order and its warranty: {{link}}

{{shopName}}`,
    },
    ru: {
      subject: 'Ваш заказ {{orderId}}: {{status}}',
      body: `Здравствуйте, {{customerName}}!

Статус вашего заказа {{orderId}}: {{status}}.
Служба доставки: {{carrier}}, трек-номер: {{trackingNumber}}
{{note}}

Заказ и гарантия: {{link}}

{{shopName}}`,
    },
  },
};

export const claimStatusLabels: Record<SupportedLocale, Record<ClaimStatus, string>> = {
  en: { submitted: 'submitted', accepted: 'accepted', at_service_point: 'at the service point', repaired: 'repaired', replaced: 'replaced', rejected: 'rejected', closed: 'closed' },
  ru: { submitted: 'отправлена', accepted: 'принята', at_service_point: 'в сервисном центре', repaired: 'отремонтирован', replaced: 'заменён', rejected: 'отклонена', closed: 'закрыта' },
};

export const orderStatusLabels: Record<SupportedLocale, Record<OrderStatusValue, string>> = {
  en: { placed: 'placed', paid: 'paid', packed: 'packed', shipped: 'shipped', out_for_delivery: 'out for delivery', delivered: 'delivered', cancelled: 'cancelled', returned: 'returned' },
  ru: { placed: 'оформлен', paid: 'оплачен', packed: 'собран', shipped: 'отправлен', out_for_delivery: 'передан курьеру', delivered: 'доставлен', cancelled: 'отменён', returned: 'возвращён' },
};

/** The sentence naming what was done, per claim status: the core of the message to the customer. */
export const claimOutcomes: Record<SupportedLocale, Record<ClaimStatus, string>> = {
  en: {
    submitted: 'We have received your warranty request for {{productName}}.',
    accepted: 'Your warranty request for {{productName}} has been accepted. Please bring the item to {{pointName}}.',
    at_service_point: '{{pointName}} has received your {{productName}} and is looking into it.',
    repaired: 'Your {{productName}} has been repaired under warranty at no cost to you. You can collect it from {{pointName}}.',
    replaced: 'Your {{productName}} could not be repaired, so it has been replaced under warranty at no cost to you.',
    rejected: 'We are sorry: the warranty does not cover the problem with your {{productName}}.',
    closed: 'Your warranty request for {{productName}} is now closed. Thank you for your patience.',
  },
  ru: {
    submitted: 'Мы получили вашу гарантийную заявку на {{productName}}.',
    accepted: 'Ваша гарантийная заявка на {{productName}} принята. Пожалуйста, принесите товар в {{pointName}}.',
    at_service_point: '{{pointName}} получил ваш товар {{productName}} и проводит диагностику.',
    repaired: 'Ваш товар {{productName}} отремонтирован по гарантии бесплатно. Забрать его можно в {{pointName}}.',
    replaced: 'Ваш товар {{productName}} не подлежал ремонту и был бесплатно заменён по гарантии.',
    rejected: 'К сожалению, гарантия не распространяется на неисправность вашего товара {{productName}}.',
    closed: 'Ваша гарантийная заявка на {{productName}} закрыта. Спасибо за терпение.',
  },
};

/**
 * Fills `{{name}}` placeholders; a missing value becomes a dash, so that a
 * message never shows a raw placeholder.
 * @example renderTemplate('Hello {{customerName}}', { customerName: 'Anna' }) // => 'Hello Anna'
 */
export function renderTemplate(text: string, vars: Record<string, string | null | undefined>): string {
  return text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (_m, name: string) => {
    const v = vars[name];
    return v === undefined || v === null || v === '' ? '—' : v;
  });
}

/** Placeholders a template uses that its key does not provide. */
export function findUnknownVariables(key: TemplateKey, text: string): string[] {
  const allowed = new Set(templateVariables[key]);
  const used = [...text.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g)].map((m) => m[1]!);
  return [...new Set(used.filter((v) => !allowed.has(v)))];
}

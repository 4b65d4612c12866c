import type { StaffOrderEmail } from '@sokoni/contracts';

/** The words of the staff e-mail in each locale the shop may choose (STAFF_EMAIL_LOCALE). */
export interface StaffOrderTexts {
  subject: (order: { number: string; shopName: string }) => string;
  heading: (number: string) => string;
  customer: string;
  code: string;
  phone: string;
  item: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
  total: string;
  notes: string;
  open: string;
  footer: (shopName: string) => string;
}

export const staffOrderTexts: Record<StaffOrderEmail['locale'], StaffOrderTexts> = {
  en: {
    subject: ({ number, shopName }) => `New order ${number} at ${shopName}`,
    heading: (number) => `New order ${number}`,
    customer: 'Customer',
    code: 'Customer code',
    phone: 'Phone',
    item: 'Item',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    lineTotal: 'Amount',
    total: 'Total',
    notes: 'Notes',
    open: 'Open the order',
    footer: (shopName) => `Sent by ${shopName} for every new order.`,
  },
  sw: {
    subject: ({ number, shopName }) => `Oda mpya ${number} - ${shopName}`,
    heading: (number) => `Oda mpya ${number}`,
    customer: 'Mteja',
    code: 'Namba ya mteja',
    phone: 'Simu',
    item: 'Bidhaa',
    quantity: 'Idadi',
    unitPrice: 'Bei ya kimoja',
    lineTotal: 'Kiasi',
    total: 'Jumla',
    notes: 'Maelezo',
    open: 'Fungua oda',
    footer: (shopName) => `Imetumwa na ${shopName} kwa kila oda mpya.`,
  },
};

// The shapes of the API's answers the pages read (DESIGN.md, API conventions).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Customer {
  id: string;
  code: string;
  name: string;
  phone: string;
  email: string | null;
  locale: string;
}

export interface OrderLine {
  productId: string;
  name: string;
  unitPrice: string;
  quantity: number;
  lineTotal: string;
}

export interface Order {
  id: string;
  number: string;
  customerId: string;
  item: string;
  quantity: number;
  amount: string;
  currency: string;
  status: string;
  notes: string | null;
  items?: OrderLine[];
  createdAt: string;
  updatedAt: string;
}

export interface OrderEvent {
  id: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string;
  createdAt: string;
}

export interface Notification {
  id: string;
  orderId: string | null;
  customerId: string;
  channel: string;
  trigger: string;
  recipient: string;
  body: string;
  status: string;
  attempts: number;
  providerStatusCode: number | null;
  lastError: string | null;
  resendOf: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NotificationDetail extends Notification {
  sendAttempts: {
    attempt: number;
    outcome: string;
    httpStatus: number | null;
    providerStatusCode: number | null;
    error: string | null;
    startedAt: string;
    finishedAt: string;
  }[];
  deliveryReports: {
    status: string;
    failureReason: string | null;
    networkCode: string | null;
    receivedAt: string;
  }[];
}

export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  depth: number;
  children: CategoryNode[];
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price: string;
  currency: string;
  stock: number;
  categoryId: string;
  active: boolean;
}

import { type Static, Type } from 'typebox';

/**
 * The body of a staff e-mail notification (channel `email`, trigger `order.created`): what the
 * e-mail says about the order, frozen when the order is placed. The API writes it in the same
 * statement as the order; the worker renders the plain-text and HTML e-mail from it alone, so a
 * later change to the order, its customer or the catalogue never changes a mail still owed, and a
 * resend repeats the same content. It lives in PostgreSQL (never in a job): it quotes the
 * customer's phone number, which staff may read.
 */
export const StaffOrderEmail = Type.Object(
  {
    kind: Type.Literal('staff-order-email'),
    version: Type.Literal(1),
    /** The shop's locale for its staff (STAFF_EMAIL_LOCALE). */
    locale: Type.Union([Type.Literal('en'), Type.Literal('sw')]),
    shopName: Type.String(),
    order: Type.Object({
      id: Type.String(),
      number: Type.String(),
      /** Money as a decimal string, in `currency`. */
      amount: Type.String(),
      currency: Type.String(),
      notes: Type.Union([Type.String(), Type.Null()]),
      /** The catalogue lines, or one line for a free-text order (`unitPrice` null: only a total was given). */
      lines: Type.Array(
        Type.Object({
          name: Type.String(),
          quantity: Type.Integer(),
          unitPrice: Type.Union([Type.String(), Type.Null()]),
          lineTotal: Type.String(),
        }),
      ),
      /** Where staff open the order (STAFF_EMAIL_ORDER_URL with the order's id). */
      url: Type.String(),
    }),
    customer: Type.Object({
      name: Type.String(),
      code: Type.String(),
      phone: Type.String(),
    }),
  },
  { additionalProperties: false },
);

export type StaffOrderEmail = Static<typeof StaffOrderEmail>;

import { locales } from '@sokoni/db';
import { Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../schemas/common.ts';

// Stored trimmed, so a name of spaces only would be stored empty: at least one other character.
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Phone = Type.String({
  minLength: 3,
  maxLength: 32,
  description: 'any common form, e.g. 0712 345 678, 254712345678 or +254712345678; stored as E.164',
});
const Email = Type.String({ format: 'email', maxLength: 254 });
const Code = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$',
  description: 'unique, human-readable; generated (CUST-000001) when omitted',
});
const Locale = Type.Enum(locales, { description: 'language of SMS texts' });
const Subject = Type.String({
  minLength: 1,
  maxLength: 255,
  description: "the OIDC `sub` of the customer's own login",
});

export const Customer = Type.Object(
  {
    id: Uuid,
    code: Type.String(),
    name: Type.String(),
    phone: Type.String({ description: 'E.164' }),
    email: Type.Union([Type.String(), Type.Null()]),
    locale: Locale,
    subject: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Customer' },
);

export const CreateCustomerBody = Type.Object(
  {
    name: Name,
    phone: Phone,
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    code: Type.Optional(Code),
    locale: Type.Optional(Locale),
    subject: Type.Optional(Type.Union([Subject, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateCustomerBody = Type.Object(
  {
    name: Type.Optional(Name),
    phone: Type.Optional(Phone),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    code: Type.Optional(Code),
    locale: Type.Optional(Locale),
    subject: Type.Optional(Type.Union([Subject, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListCustomersQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'search in name, code, phone and email' }),
    ),
  },
  { additionalProperties: false },
);

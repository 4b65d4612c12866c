import { escapeHtml, renderPage } from './html.ts';
import type { Registration } from './registered-users.ts';

export interface RegistrationPageOptions {
  uid: string;
  clientName: string;
  values?: Partial<Omit<Registration, 'password'>>;
  /** One message per field, shown beside it. */
  errors?: Partial<Record<keyof Registration, string>>;
}

const FIELDS = [
  { name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' },
  { name: 'name', label: 'Full name', type: 'text', autocomplete: 'name' },
  { name: 'phone', label: 'Mobile phone (e.g. 0712 345 678)', type: 'tel', autocomplete: 'tel' },
  {
    name: 'password',
    label: 'Password (at least 8 characters)',
    type: 'password',
    autocomplete: 'new-password',
  },
] as const;

/** The registration form of an interaction; it posts to `/interaction/<uid>/register`. */
export function renderRegistrationPage(options: RegistrationPageOptions): string {
  const uid = encodeURIComponent(options.uid);
  const fields = FIELDS.map((field) => {
    const error = options.errors?.[field.name];
    const value = field.name === 'password' ? '' : (options.values?.[field.name] ?? '');
    const described = error ? ` aria-invalid="true" aria-describedby="${field.name}-error"` : '';
    return `<label for="${field.name}">${escapeHtml(field.label)}</label>
      <input id="${field.name}" name="${field.name}" type="${field.type}" autocomplete="${field.autocomplete}"
        required value="${escapeHtml(value)}"${described}>
      ${error ? `<p class="error" id="${field.name}-error">${escapeHtml(error)}</p>` : ''}`;
  }).join('\n');
  return renderPage(
    'Create an account',
    `<h1>Create an account for ${escapeHtml(options.clientName)}</h1>
    <form method="post" action="/interaction/${uid}/register">
      ${fields}
      <button type="submit">Create account and sign in</button>
    </form>
    <p class="hint">Development provider: the e-mail address is not verified and no message is sent.</p>
    <p><a href="/interaction/${uid}">I already have an account</a></p>`,
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// What a phone number may look like here; the API checks it for real when the customer is created.
const PHONE = /^\+?[0-9 ()-]{7,20}$/;

/** The form's values, or a message per field that is not right. */
export function readRegistration(
  form: URLSearchParams,
):
  | { registration: Registration }
  | { errors: NonNullable<RegistrationPageOptions['errors']>; values: Partial<Registration> } {
  const values = {
    email: (form.get('email') ?? '').trim(),
    name: (form.get('name') ?? '').trim(),
    phone: (form.get('phone') ?? '').trim(),
    password: form.get('password') ?? '',
  };
  const errors: NonNullable<RegistrationPageOptions['errors']> = {};
  if (!EMAIL.test(values.email) || values.email.length > 254) {
    errors.email = 'Enter an e-mail address such as name@example.com.';
  }
  if (values.name.length === 0 || values.name.length > 200) {
    errors.name = 'Enter your name (at most 200 characters).';
  }
  if (!PHONE.test(values.phone)) {
    errors.phone = 'Enter a phone number such as 0712 345 678 or +254 712 345 678.';
  }
  if (values.password.length < 8 || values.password.length > 200) {
    errors.password = 'Choose a password of at least 8 characters.';
  }
  return Object.keys(errors).length > 0 ? { errors, values } : { registration: values };
}

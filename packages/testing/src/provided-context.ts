// What the global setup (and the workspace's vitest.config.ts) hand every test file through
// vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
    redisUrl: string;
    /**
     * How to run the development OpenID provider, from the workspace root: set in the root
     * vitest.config.ts, since this package knows no app.
     */
    idpCommand: [string, ...string[]];
    /** Where that command runs (the workspace root). */
    idpCwd: string;
    /** The provider every test file shares, started once per run by the global setup. */
    idpIssuer: string;
    idpAudience: string;
    idpDataDir: string;
    /** MailDev's SMTP port on 127.0.0.1, started once per run by the global setup (plain, no auth). */
    smtpPort: number;
    /** MailDev's REST API (`GET /email`), e.g. http://127.0.0.1:43210. */
    mailDevUrl: string;
  }
}

export {};

/**
 * The public verify page (api.md "Signed status attestations"): anyone, signed in or not, pastes a
 * token or follows a shared link and sees whether this AwardGate instance signed it, every reason when
 * it did not, and the verified claims per UID; plus how to verify offline against the JWKS.
 */
import type { AttestationVerification, LiveUidStatus } from '../../../src/services/attestations.js';
import { AttestationClaimsView } from '../../components/attestation.js';
import { Csrf, ErrorSummary, Submit, TextArea, TextField, type FormErrors, type FormValues } from '../../components/form.js';
import { ReasonList } from '../../components/reasons.js';
import { ColumnHeads, Table } from '../../components/table.js';
import { LEVEL_LABEL, statusLabel } from '../../labels.js';

/** The issuer's live status of each attested UID next to the signed claims (issue 12 finding 9). */
function LiveStatusTable({ live }: { live: { asOf: string; uids: LiveUidStatus[] } }) {
  return (
    <section aria-labelledby="live-heading">
      <h3 id="live-heading">The issuer's status now</h3>
      <p>
        The claims say what held on the issue date. This is what the issuer's records held here say on {live.asOf}; rely on it when the two differ.
      </p>
      <Table caption={`Live status on ${live.asOf}`} id="live-status" class="usa-table--borderless width-full" head={<ColumnHeads labels={['UID', 'Level', 'Status', 'Current through', 'Now', 'Why']} />}>
        {live.uids.map((u) => (
          <tr>
            <th scope="row" class="ag-mono">
              {u.uid}
            </th>
            {u.held && u.level && u.type ? (
              <>
                <td>{LEVEL_LABEL[u.level]}</td>
                <td>{statusLabel(u.level, u.type)}</td>
                <td class="ag-nowrap">{u.currentThrough ?? 'not current'}</td>
                <td>
                  {u.current ? <span class="usa-tag ag-tag--ok">Current now</span> : <span class="usa-tag ag-tag--error">Not current now</span>}
                  {u.changedSinceIssue ? <span class="display-block usa-hint">Changed since the attestation was issued</span> : null}
                </td>
                <td>
                  <ReasonList reasons={u.reasons} empty="—" />
                </td>
              </>
            ) : (
              <td colspan={5}>The issuer's records of this UID are not held here: only the signed claims speak for it.</td>
            )}
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** Where "Use it in a flowdown check" goes: the shared link's id when the token has one (short), else the token itself. */
const useHref = (result: AttestationVerification, token: string) =>
  result.shareId ? `/flowdown/new?share=${encodeURIComponent(result.shareId)}` : `/flowdown/new?attestation=${encodeURIComponent(token)}`;

export function VerifyResult({ result, token, errors, canUse }: { result: AttestationVerification | null; token: string; errors: FormErrors; canUse: boolean }) {
  return (
    <div id="verify-result">
      <ErrorSummary errors={errors} />
      {result ? (
        result.valid && result.claims ? (
          <section aria-labelledby="verify-heading" class="ag-verdict--ok">
            <h2 id="verify-heading" tabindex={-1} autofocus>
              Valid: signed by this AwardGate instance
            </h2>
            <p>
              The signature holds and the attestation is within its validity (through {result.claims.validThrough}). The facts below are verified: they are what
              AwardGate computed from {result.claims.company.name}'s records on {result.claims.issuedOn}.
            </p>
            <ReasonList reasons={result.reasons} />
            {result.live ? <LiveStatusTable live={result.live} /> : null}
            <AttestationClaimsView claims={result.claims} kid={result.kid} uidCaption="Verified claims per UID" />
            {canUse ? (
              <p>
                <a class="usa-button" href={useHref(result, token)}>
                  Use it in a flowdown check
                </a>
              </p>
            ) : null}
          </section>
        ) : (
          <section aria-labelledby="verify-heading" class="ag-verdict--fail">
            <h2 id="verify-heading" tabindex={-1} autofocus>
              Not valid: do not rely on this token
            </h2>
            <ReasonList reasons={result.reasons} />
            {result.claims && result.revocation ? (
              <>
                <p>
                  The issuer revoked this attestation on {result.revocation.revokedOn}. The claims below are genuine but are no evidence any more.
                </p>
                <AttestationClaimsView claims={result.claims} kid={result.kid} uidCaption="Signed claims per UID (revoked)" />
              </>
            ) : result.claims ? (
              <>
                <p>The signature holds but the attestation has expired: the claims below are genuine but stale, and are no evidence today.</p>
                <AttestationClaimsView claims={result.claims} kid={result.kid} uidCaption="Signed claims per UID (expired)" />
              </>
            ) : (
              <p>Nothing in an unverified token is shown: its contents could say anything.</p>
            )}
          </section>
        )
      ) : null}
    </div>
  );
}

export function OfflineVerification({ origin, alg, typ }: { origin: string; alg: string; typ: string }) {
  return (
    <section aria-labelledby="offline-heading" class="margin-top-4">
      <h2 id="offline-heading">Verify offline</h2>
      <p>
        An attestation is a compact JWS (a JWT) signed with {alg} (Ed25519). Its header names the signing key (<code>kid</code>) and the type <code>{typ}</code>. This
        instance publishes its public keys at <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>; keys rotated out stay there so the tokens they signed keep
        verifying until they expire.
      </p>
      <ol class="usa-list">
        <li>Save a copy of the JWKS from {origin}/.well-known/jwks.json.</li>
        <li>Take the key whose <code>kid</code> matches the token's header and check the {alg} signature over the header and payload.</li>
        <li>
          Refuse the token after <code>exp</code> (the end of the <code>validThrough</code> date) and, when it has an <code>aud</code>, unless that is your CAGE code.
        </li>
        <li>
          Read the claims: <code>company</code>, and per UID its level, type, status date, <code>currentThrough</code> and latest affirmation date.
        </li>
      </ol>
      <p>With the JavaScript library jose, for example:</p>
      <pre class="ag-mono bg-base-lightest padding-1 overflow-x-auto" tabindex={0} aria-label="Example: offline verification with jose">
        {`import { createLocalJWKSet, jwtVerify } from 'jose';
const jwks = createLocalJWKSet(JSON.parse(await readFile('jwks.json', 'utf8')));
const { payload } = await jwtVerify(token, jwks, { algorithms: ['${alg}'], typ: '${typ}' });`}
      </pre>
    </section>
  );
}

export function VerifyPage(p: { csrf: string | null; values: FormValues; errors: FormErrors; result: AttestationVerification | null; canUse: boolean; origin: string; alg: string; typ: string }) {
  const token = typeof p.values.token === 'string' ? p.values.token : '';
  return (
    <>
      <h1>Verify a status attestation</h1>
      <p class="usa-intro">Paste the token a subcontractor gave you. No account is needed.</p>
      {/* A POST: a token of any length fits in a body, while a long one in a query string meets HTTP 431 (docs/decisions/0013). */}
      <form class="usa-form usa-form--large" method="post" action="/attestations/verify" hx-post="/attestations/verify" hx-target="#verify-result" hx-swap="outerHTML" novalidate>
        <Csrf token={p.csrf} />
        <TextArea name="token" label="Signed token" hint="Three parts separated by dots (header.payload.signature)" values={p.values} errors={p.errors} rows={5} required />
        <TextField name="asOf" label="Verify as of (optional)" hint="YYYY-MM-DD; blank means today" values={p.values} errors={p.errors} maxlength={10} />
        <Submit label="Verify" />
      </form>
      <VerifyResult result={p.result} token={token} errors={p.errors} canUse={p.canUse} />
      <OfflineVerification origin={p.origin} alg={p.alg} typ={p.typ} />
    </>
  );
}

/** Recovery codes, shown once after a first second factor (or new ones asked for). */
import { SlimAlert } from '../../components/alerts.js';
import { RecoveryCodeList } from '../../components/second-factor.js';

export function RecoveryCodesPage({ codes, next, added }: { codes: string[]; next: string; added: string | null }) {
  return (
    <div class="grid-row">
      <div class="grid-col-12 tablet:grid-col-8">
        <h1>Save your recovery codes</h1>
        <SlimAlert type="success" text={added} />
        <RecoveryCodeList codes={codes} />
        <p>
          <a class="usa-button" href={next}>
            I saved them: continue
          </a>
        </p>
      </div>
    </div>
  );
}

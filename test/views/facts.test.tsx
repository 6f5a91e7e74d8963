import { describe, expect, it } from 'vitest';
import { Fact } from '../../views/components/facts.js';

describe('Fact', () => {
  it('with ifPresent, leaves out a missing value (null or empty) and keeps a present one', async () => {
    const missing: string | null = null;
    const html = String(
      await (
        <dl>
          <Fact term="Solicitation" ifPresent>{missing}</Fact>
          <Fact term="Contract" ifPresent>{''}</Fact>
          <Fact term="Superseded by" mono ifPresent>{'A1B2C3D4E5'}</Fact>
        </dl>
      ),
    );
    expect(html).toBe('<dl><dt>Superseded by</dt><dd class="ag-mono">A1B2C3D4E5</dd></dl>');
  });

  it('without ifPresent, shows the term even when the value is empty', async () => {
    expect(String(await (<Fact term="Score">{''}</Fact>))).toBe('<dt>Score</dt><dd></dd>');
  });
});

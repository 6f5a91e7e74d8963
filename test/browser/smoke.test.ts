import { describe, expect, it } from 'vitest';
import { axeViolations, signIn } from './harness.js';
import { journey } from './journey.js';

const j = journey({
  records: { companies: [{ cage: '1SM01', name: 'Smoke Test Co', hloCage: '1SM01' }] },
  accounts: [{ email: 'smoke@example.gov', role: 'CONTRACTING_OFFICER', password: 'smoke-test-password' }],
});

describe('sign-in in a real browser', () => {
  it('signs in by keyboard alone and shows who you are, with no serious accessibility violation', async () => {
    await j.b.page.goto(`${j.server.baseUrl}/sign-in`);
    expect(await axeViolations(j.b.page, 'sign-in')).toEqual([]);
    await signIn(j.b.page, j.server.baseUrl, 'smoke@example.gov', 'smoke-test-password');
    await expect(j.b.page.textContent('main')).resolves.toContain('Contracting officer');
    expect(await axeViolations(j.b.page, 'home')).toEqual([]);
  });
});

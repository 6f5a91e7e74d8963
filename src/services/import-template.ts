/**
 * The bulk import's downloadable template (issue 10): one record of each list of `POST /api/v1/import`,
 * with every field an administrator is likely to fill, so a batch can be started from a file that
 * imports as it stands. Dates are fixed examples, not today: the template is a shape, not data.
 */
export const IMPORT_TEMPLATE = {
  companies: [
    { cage: '1AB23', name: 'Example Machining LLC', uei: 'EXAMPLEUEI12', hloCage: '1AB23', samActive: true, address: '1 Main St, Dayton OH 45402' },
    { cage: '1AB24', name: 'Example Machining LLC (West)', uei: 'EXAMPLEUEI13', hloCage: '1AB23', samActive: true, address: '2 Main St, Dayton OH 45402' },
  ],
  assessments: [
    {
      uid: 'EXAMPLE001',
      level: 'L2_SELF',
      status: 'FINAL',
      statusDate: '2026-06-01',
      cages: ['1AB23', '1AB24'],
      scope: 'Enterprise',
      scopeDescription: 'Corporate network',
      score: 110,
      affirmations: [{ date: '2026-06-01', name: 'Pat Lee', title: 'President', email: 'pat@example.com' }],
    },
  ],
  nistAssessments: [{ cages: ['1AB23'], confidence: 'BASIC', assessmentDate: '2026-05-15', score: 110, standard: 'NIST SP 800-171 Rev 2', assessingOrganization: 'Contractor self-assessment' }],
};

/**
 * The CSV form's template (import-csv.ts): the header of every column and one row, the JSON
 * template's assessment under another UID. Its CAGE code must be on record (the JSON template's
 * companies, or the administrator's own), as the CSV carries assessments only.
 */
export const IMPORT_TEMPLATE_CSV = [
  'uid,level,status,statusDate,cages,scope,scopeDescription,score,supersedes,affirmationDate,affirmationName,affirmationTitle,affirmationEmail',
  'EXAMPLE002,L2_SELF,FINAL,2026-06-01,1AB23,Enterprise,Corporate network,110,,2026-06-01,Pat Lee,President,pat@example.com',
  '',
].join('\r\n');

/** The prime's checks with, beneath each, the checks its subs shared through their attestations (rules §7: the chain forms a tree). */
import type { FlowdownTreeNode } from '../../../src/services/flowdown-tree.js';
import { EmptyState } from '../../components/alerts.js';
import { DecisionTag, VerifiedTag } from '../../components/flowdown.js';
import { FlowdownLinks } from './register.js';

function Node({ node }: { node: FlowdownTreeNode }) {
  const c = node.check;
  return (
    <li class="margin-y-1">
      <a href={`/flowdown/checks/${c.id}`}>
        {c.primeContractNumber}: {c.subcontractor.name} ({c.subcontractor.cage})
      </a>{' '}
      <DecisionTag mayAward={c.mayAward} /> <VerifiedTag verified={c.evidence.verified} />{' '}
      <span class="usa-hint">
        tier {node.tier}
        {node.tier > 1 ? ` · recorded by CAGE ${c.primeCage}` : ''} · as of {c.asOf}
        {c.evidenceCurrentThrough ? ` · evidence current through ${c.evidenceCurrentThrough}` : ''}
      </span>
      {node.children.length ? (
        <ul class="usa-list" aria-label={`Checks ${c.subcontractor.name} shared`}>
          {node.children.map((n) => (
            <Node node={n} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function FlowdownTreePage({ roots }: { roots: FlowdownTreeNode[] }) {
  return (
    <>
      <h1>Flowdown tree across tiers</h1>
      <p class="usa-intro">
        Your checks, and beneath each the checks your subcontractors recorded on their own subs and chose to share with you through the attestation your check relied on.
      </p>
      <FlowdownLinks />
      {roots.length ? (
        <ul class="usa-list" aria-label="Your flowdown checks">
          {roots.map((n) => (
            <Node node={n} />
          ))}
        </ul>
      ) : (
        <EmptyState>
          No flowdown check recorded yet. <a href="/flowdown/new">Record one</a>; when a sub shares its own checks in its attestation they appear here beneath yours.
        </EmptyState>
      )}
    </>
  );
}

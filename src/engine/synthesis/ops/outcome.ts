/** What a structural operation changed, reported in `operation` events. */
export interface OpOutcome {
  connectionsAdded: number;
  connectionsRemoved: number;
  neuronsAdded: number;
  neuronsRemoved: number;
}

export const noChange = (): OpOutcome => ({
  connectionsAdded: 0,
  connectionsRemoved: 0,
  neuronsAdded: 0,
  neuronsRemoved: 0,
});

export function addOutcomes(a: OpOutcome, b: OpOutcome): OpOutcome {
  return {
    connectionsAdded: a.connectionsAdded + b.connectionsAdded,
    connectionsRemoved: a.connectionsRemoved + b.connectionsRemoved,
    neuronsAdded: a.neuronsAdded + b.neuronsAdded,
    neuronsRemoved: a.neuronsRemoved + b.neuronsRemoved,
  };
}

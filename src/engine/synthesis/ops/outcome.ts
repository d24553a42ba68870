/** What a structural operation changed, reported in `operation` events. */
export interface OpOutcome {
  connectionsAdded: number;
  connectionsRemoved: number;
  neuronsAdded: number;
  neuronsRemoved: number;
  /** Conv channels, for a network with a conv front end. */
  channelsAdded?: number;
  channelsRemoved?: number;
}

export const noChange = (): OpOutcome => ({
  connectionsAdded: 0,
  connectionsRemoved: 0,
  neuronsAdded: 0,
  neuronsRemoved: 0,
});

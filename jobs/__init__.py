"""Background work: the periodic jobs every instance runs, and the demo's station simulator."""

"""ask: questions answered from the store — events, timelines, dyads, exports, plots."""

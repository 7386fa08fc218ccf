// Imported first by the scheduling tests: the process runs in a zone unlike any schedule's (UTC-8/-7 with
// daylight saving), so a rule computed in server time instead of its own zone shows up as a failure.
process.env.TZ = 'America/Los_Angeles';

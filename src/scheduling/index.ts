// Recurring generation: schedule commands for the service, and the Scheduler that fires them.
export { createScheduleCommands, scheduleSummary, NEXT_FIRES_SHOWN, type ScheduleCommands, type ScheduleCommandsOptions } from './commands.ts';
export { Scheduler, type SchedulerOptions } from './scheduler.ts';
export { publishScheduleChange, scheduleChannel } from './changes.ts';
export { CronRule, normaliseCron, normaliseTimeZone, parseRule } from './cron.ts';
export { normaliseTopics, renderTopic, topicAt, TOPICS_MAX } from './topics.ts';
export { fireTick, repairLastFire, scheduleJobId, tickOfJobId, generatePayload, SCHEDULER_ACTOR, type FireOutcome, type FireReason } from './fire.ts';

// `npm run commands:deploy`: registers the slash commands (guild when DISCORD_GUILD_ID is set, else global).
import { deployCommands } from '../src/discord/deploy.ts';

const token = process.env.DISCORD_TOKEN;
const applicationId = process.env.DISCORD_APPLICATION_ID;
if (!token || !applicationId) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and optionally DISCORD_GUILD_ID, DISCORD_API_URL) to deploy commands.');
  process.exit(1);
}

try {
  const { count, scope } = await deployCommands({
    token,
    applicationId,
    guildId: process.env.DISCORD_GUILD_ID || null,
    apiUrl: process.env.DISCORD_API_URL || undefined,
  });
  console.log(`Registered ${count} slash commands (${scope}${scope === 'guild' ? ` ${process.env.DISCORD_GUILD_ID}` : ''}).`);
} catch (err) {
  console.error(`Could not register the commands: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

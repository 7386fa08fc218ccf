// Raw Discord API payloads the fake sends: just enough of each object for discord.js to build its classes.
let counter = 0n;
const DISCORD_EPOCH = 1420070400000n;

/** 18–19 digit ids, like Discord's: the REST client buckets routes on /\d{17,19}/. */
export function snowflake(): string {
  counter = (counter + 1n) % 4096n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) + counter + BigInt(Math.floor(Math.random() * 1024)) * 4096n).toString();
}

export const PERMISSION = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageGuild: 1n << 5n,
} as const;

export interface FakeUser {
  id: string;
  username: string;
  /** The member's permission bits in the channel, as Discord computes them for interactions. */
  permissions: bigint;
  roles: string[];
  locale: string;
}

export function userPayload(u: { id: string; username: string; bot?: boolean }) {
  return { id: u.id, username: u.username, global_name: u.username, discriminator: '0', avatar: null, bot: u.bot ?? false };
}

export function memberPayload(u: FakeUser) {
  return {
    user: userPayload(u),
    roles: u.roles,
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    permissions: u.permissions.toString(),
  };
}

export function guildCreatePayload(g: {
  id: string;
  ownerId: string;
  bot: { id: string; username: string };
  channels: { id: string; name: string }[];
  roles: { id: string; name: string }[];
}) {
  return {
    id: g.id,
    name: 'Blog Autopilot test guild',
    icon: null,
    owner_id: g.ownerId,
    features: [],
    preferred_locale: 'ko',
    unavailable: false,
    member_count: 1,
    roles: [
      { id: g.id, name: '@everyone', permissions: (PERMISSION.ViewChannel | PERMISSION.SendMessages).toString(), position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      ...g.roles.map((r, i) => ({ id: r.id, name: r.name, permissions: '0', position: i + 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 })),
    ],
    channels: g.channels.map((c, i) => ({ id: c.id, type: 0, name: c.name, guild_id: g.id, position: i, permission_overwrites: [] })),
    members: [{ user: userPayload({ ...g.bot, bot: true }), roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
    threads: [],
    emojis: [],
    stickers: [],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

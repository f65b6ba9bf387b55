/**
 * The entities the fake Mastodon answers with (docs.joinmastodon.org, Entities: Account, Status,
 * Instance), and the instance configuration it enforces.
 */
import type { FakeStatus } from './fakeMastodon.js';
import { renderContent } from './fakeMastodonContent.js';
import { type FakeMediaAttachment, mediaJson } from './fakeMastodonMedia.js';

export interface InstanceConfiguration {
  maxCharacters: number;
  maxMediaAttachments: number;
  charactersReservedPerUrl: number;
  supportedMimeTypes: string[];
  imageSizeLimit: number;
  imageMatrixLimit: number;
  descriptionLimit: number;
}

// Defaults of Mastodon 4.4 (app/serializers/rest/instance_serializer.rb and the constants it reads).
export const DEFAULT_CONFIGURATION: InstanceConfiguration = {
  maxCharacters: 500,
  maxMediaAttachments: 4,
  charactersReservedPerUrl: 23,
  supportedMimeTypes: [
    'image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif',
    'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg', 'audio/mpeg', 'audio/ogg', 'audio/wav',
  ],
  imageSizeLimit: 16 * 1024 * 1024,
  imageMatrixLimit: 33_177_600,
  descriptionLimit: 1_500,
};

export function accountJson(origin: string, id: string, name: string, statusesCount: number) {
  return {
    id, username: name, acct: name, display_name: name, locked: false, bot: false, group: false,
    created_at: '2025-01-01T00:00:00.000Z', note: '', url: `${origin}/@${name}`,
    avatar: `${origin}/avatars/original/missing.png`, header: `${origin}/headers/original/missing.png`,
    followers_count: 0, following_count: 0, statuses_count: statusesCount, emojis: [], fields: [],
  };
}

/** A status; its text rendered as Mastodon renders it, every remote mention taken as an account it knows. */
export function statusJson(origin: string, status: FakeStatus, account: ReturnType<typeof accountJson>, media: FakeMediaAttachment[]) {
  return {
    id: status.id, created_at: status.createdAt, edited_at: null,
    in_reply_to_id: status.inReplyToId, in_reply_to_account_id: status.inReplyToAccountId,
    sensitive: false, spoiler_text: '', visibility: status.visibility, language: 'fr',
    uri: `${origin}/users/${account.username}/statuses/${status.id}`, url: `${origin}/@${account.username}/${status.id}`,
    replies_count: 0, reblogs_count: 0, favourites_count: 0,
    content: renderContent(status.text, origin, (acct) => acct.includes('@')),
    reblog: null, application: { name: 'comcell', website: null }, account,
    media_attachments: media.map((m) => mediaJson(m, origin)), mentions: [], tags: [], emojis: [], card: null, poll: null,
  };
}

export function instanceJson(origin: string, configuration: InstanceConfiguration) {
  return {
    domain: new URL(origin).host, title: 'Fake Mastodon', version: '4.4.0', source_url: 'https://github.com/mastodon/mastodon',
    description: 'A fake instance for tests', usage: { users: { active_month: 1 } }, languages: ['fr'],
    thumbnail: { url: `${origin}/packs/media/images/preview.png` },
    configuration: {
      urls: { streaming: origin.replace(/^http/, 'ws') },
      accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses: {
        max_characters: configuration.maxCharacters, max_media_attachments: configuration.maxMediaAttachments,
        characters_reserved_per_url: configuration.charactersReservedPerUrl,
      },
      media_attachments: {
        supported_mime_types: configuration.supportedMimeTypes, description_limit: configuration.descriptionLimit,
        image_size_limit: configuration.imageSizeLimit, image_matrix_limit: configuration.imageMatrixLimit,
        video_size_limit: 103_809_024, video_frame_rate_limit: 120, video_matrix_limit: 8_294_400,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null },
    contact: { email: 'admin@example.org', account: null }, rules: [],
  };
}

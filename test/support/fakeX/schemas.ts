/**
 * What X accepts in a request, transcribed by hand from X's OpenAPI document for API v2
 * (https://api.x.com/2/openapi.json). Two versions are cited:
 *  - 2.167, the production document of July 2026 — its request bodies are the ones below (the tweet
 *    body is `CreatePostsRequest` there; it was `TweetCreateRequest` up to 2.159, with the same fields
 *    for text, reply and media);
 *  - 2.159 — it names the field parameter `tweet.fields`, as the docs pages and twitter-api-v2 still
 *    do; 2.167 renamed it `post.fields`. X kept answering both (the spelling sent decides the spelling
 *    of the answer), so the fake accepts both, each with its own document's values.
 */
const ID = { type: 'string', pattern: '^[0-9]{1,19}$' } as const;
const REPLY_SETTINGS = { type: 'string', enum: ['following', 'mentionedUsers', 'subscribers', 'verified'] } as const;
const CTA_URL = { type: 'object', required: ['url'], properties: { url: { type: 'string' } }, additionalProperties: false } as const;

/** POST /2/tweets — `CreatePostsRequest` (2.167): every object forbids unknown properties. */
export const CREATE_POST = {
  type: 'object',
  properties: {
    card_uri: { type: 'string' },
    community_id: ID,
    direct_message_deep_link: { type: 'string' },
    edit_options: { type: 'object', required: ['previous_post_id'], properties: { previous_post_id: ID }, additionalProperties: false },
    for_super_followers_only: { type: 'boolean' },
    geo: { type: 'object', required: ['place_id'], properties: { place_id: { type: 'string' } }, additionalProperties: false },
    made_with_ai: { type: 'boolean' },
    media: {
      type: 'object',
      required: ['media_ids'],
      properties: {
        call_to_actions: {
          type: 'object',
          properties: {
            app_install: {
              type: 'object',
              properties: { app_store_id: { type: 'string' }, ipad_app_store_id: { type: 'string' }, play_store_id: { type: 'string' } },
              additionalProperties: false,
            },
            visit_site: CTA_URL,
            watch_now: CTA_URL,
          },
          additionalProperties: false,
        },
        description: { type: 'string' },
        embeddable: { type: 'boolean' },
        media_ids: { type: 'array', minItems: 1, maxItems: 4, items: ID },
        preview_media_id: ID,
        tagged_user_ids: { type: 'array', maxItems: 10, items: ID },
        title: { type: 'string' },
      },
      additionalProperties: false,
    },
    nullcast: { type: 'boolean' },
    paid_partnership: { type: 'boolean' },
    poll: {
      type: 'object',
      required: ['options', 'duration_minutes'],
      properties: {
        duration_minutes: { type: 'integer', minimum: 5, maximum: 10080 },
        options: { type: 'array', minItems: 2, maxItems: 4, items: { type: 'string', minLength: 1, maxLength: 25 } },
        reply_settings: REPLY_SETTINGS,
      },
      additionalProperties: false,
    },
    quote_tweet_id: ID,
    reply: {
      type: 'object',
      required: ['in_reply_to_tweet_id'],
      properties: {
        auto_populate_reply_metadata: { type: 'boolean' },
        exclude_reply_user_ids: { type: 'array', items: { type: 'string' } },
        in_reply_to_tweet_id: ID,
      },
      additionalProperties: false,
    },
    reply_settings: REPLY_SETTINGS,
    share_with_followers: { type: 'boolean' },
    text: { type: 'string' },
  },
  additionalProperties: false,
} as const;

/** POST /2/media/upload/initialize — `InitializeMediaUploadRequest` (2.167). */
export const INITIALIZE_UPLOAD = {
  type: 'object',
  properties: {
    additional_owners: { type: 'array', items: ID },
    media_category: {
      type: 'string',
      enum: ['amplify_video', 'tweet_gif', 'tweet_image', 'tweet_video', 'dm_gif', 'dm_image', 'dm_video', 'subtitles'],
    },
    media_type: {
      type: 'string',
      enum: [
        'video/mp4', 'video/webm', 'video/mp2t', 'video/quicktime', 'text/srt', 'text/vtt', 'image/jpeg', 'image/gif',
        'image/bmp', 'image/png', 'image/webp', 'image/pjpeg', 'image/tiff', 'model/gltf-binary', 'model/vnd.usdz+zip',
      ],
    },
    shared: { type: 'boolean' },
    total_bytes: { type: 'integer', minimum: 0, maximum: 17179869184 },
  },
  additionalProperties: false,
} as const;

/**
 * POST /2/media/upload/{id}/append — `AppendMediaUploadRequest` (2.167), sent as multipart/form-data:
 * `segment_index` arrives as text, hence the pattern beside the integer bounds.
 */
export const APPEND_UPLOAD = {
  type: 'object',
  required: ['media', 'segment_index'],
  properties: { media: {}, segment_index: { type: 'string', pattern: '^[0-9]{1,3}$' } },
  additionalProperties: false,
} as const;

/** POST /2/media/metadata — `CreateMediaMetadataRequest` (2.167): alt text at most 1,000 characters. */
export const MEDIA_METADATA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: ID,
    metadata: {
      type: 'object',
      properties: {
        allow_download_status: { type: 'object', properties: { allow_download: { type: 'boolean' } } },
        alt_text: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 1000 } } },
        audience_policy: { type: 'object' },
        content_expiration: { type: 'object', required: ['timestamp_sec'], properties: { timestamp_sec: { type: 'number' } } },
        domain_restrictions: { type: 'object', required: ['whitelist'], properties: { whitelist: { type: 'array', items: { type: 'string' } } } },
        found_media_origin: { type: 'object', required: ['provider', 'id'], properties: { id: { type: 'string' }, provider: { type: 'string' } } },
        geo_restrictions: { type: 'object' },
        management_info: { type: 'object', required: ['managed'], properties: { managed: { type: 'boolean' } } },
        preview_image: { type: 'object', required: ['media_key'], properties: { media_key: { type: 'object' } } },
        sensitive_media_warning: { type: 'object' },
        shared_info: { type: 'object', required: ['shared'], properties: { shared: { type: 'boolean' } } },
        sticker_info: { type: 'object', required: ['stickers'], properties: { stickers: { type: 'array', items: { type: 'object' } } } },
        upload_source: { type: 'object', required: ['upload_source'], properties: { upload_source: { type: 'string' } } },
      },
    },
  },
} as const;

/* Query parameters: each list is the `enum` of the document cited, in its order (X lists them so in its 400s). */

/** `tweet.fields` of GET /2/users/{id}/tweets and GET /2/users/me (2.159). */
export const TWEET_FIELDS = [
  'article', 'attachments', 'author_id', 'card_uri', 'community_id', 'context_annotations', 'conversation_id', 'created_at',
  'display_text_range', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang',
  'media_metadata', 'non_public_metrics', 'note_tweet', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics',
  'public_metrics', 'referenced_tweets', 'reply_settings', 'scopes', 'source', 'suggested_source_links',
  'suggested_source_links_with_counts', 'text', 'withheld',
];

/** `post.fields` of the same endpoints (2.167). */
export const POST_FIELDS = [
  'article', 'article_title', 'attachments', 'card_uri', 'community_id', 'context_annotations', 'conversation_id', 'created_at',
  'display_text_range', 'edit_controls', 'entities', 'geo', 'id', 'lang', 'matched_media_notes', 'media_metadata',
  'non_public_metrics', 'note_post', 'note_request_suggestions', 'organic_metrics', 'paid_partnership', 'possibly_sensitive',
  'promoted_metrics', 'public_metrics', 'reply_settings', 'scopes', 'source', 'suggested_source_links',
  'suggested_source_links_with_counts', 'text', 'withheld',
];

/** `expansions` of GET /2/users/{id}/tweets: 2.159's values, then those 2.167 added. */
export const TIMELINE_EXPANSIONS = [
  'article.cover_media', 'article.media_entities', 'attachments.media_keys', 'attachments.media_source_tweet',
  'attachments.poll_ids', 'author_id', 'edit_history_tweet_ids', 'entities.mentions.username', 'geo.place_id',
  'in_reply_to_user_id', 'entities.note.mentions.username', 'referenced_tweets.id', 'referenced_tweets.id.attachments.media_keys',
  'referenced_tweets.id.author_id', 'edit_history_post_ids', 'referenced_posts', 'username',
];

/** `expansions` of GET /2/users/me: 2.159's values, then 2.167's. */
export const USER_EXPANSIONS = ['affiliation.user_id', 'most_recent_tweet_id', 'pinned_tweet_id', 'affiliation', 'most_recent_post_id', 'pinned_post_id'];

/** `user.fields`: 2.159's values, then the one 2.167 added. */
export const USER_FIELDS = [
  'affiliation', 'confirmed_email', 'connection_status', 'created_at', 'description', 'entities', 'id', 'is_identity_verified',
  'location', 'most_recent_tweet_id', 'name', 'parody', 'pinned_tweet_id', 'profile_banner_url', 'profile_image_url',
  'protected', 'public_metrics', 'receives_your_dm', 'subscription', 'subscription_type', 'url', 'username', 'verified',
  'verified_followers_count', 'verified_type', 'withheld', 'subscribes_to_you',
];

export const MEDIA_FIELDS = [
  'alt_text', 'duration_ms', 'height', 'media_key', 'non_public_metrics', 'organic_metrics', 'preview_image_url',
  'promoted_metrics', 'public_metrics', 'type', 'url', 'variants', 'width',
];
export const POLL_FIELDS = ['duration_minutes', 'end_datetime', 'id', 'options', 'voting_status'];
export const PLACE_FIELDS = ['contained_within', 'country', 'country_code', 'full_name', 'geo', 'id', 'name', 'place_type'];
export const EXCLUDE = ['replies', 'retweets'];

-- The cell's starter templates, in French, as a gendarmerie or police communication cell writes them.
-- Each one, filled with realistic values (long place names included), fits X (280 weighted), Mastodon (500)
-- and Bluesky (300 graphemes): test/templates/starters.test.ts checks it with each network's own count.
-- Hashtags are the ones such cells use (#Accident, #InfoRoute, #AppelÀTémoins, #DisparitionInquiétante,
-- #Prévention), and a road or a theme becomes a hashtag only from a field (#{route} → #A9).
-- An accident in progress opens a follow-up (2h) whose closing post is fin-intervention, with the same
-- {route} and {lieu}. Members change or remove any of them with /template.

INSERT INTO templates (name, text, closing, followup_seconds, created_by, created_at, updated_by, updated_at)
SELECT name, text, closing, followup_seconds, 'comcell', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'comcell', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (
  SELECT 'fin-intervention' AS name,
    '✅ Fin d''intervention sur l''{route} à hauteur de {lieu} : la chaussée est dégagée et la circulation rétablie. Merci pour votre patience et votre prudence. #{route}' AS text,
    NULL AS closing, NULL AS followup_seconds
  UNION ALL SELECT 'accident',
    '⚠️ #Accident sur l''{route} à hauteur de {lieu}. Gendarmes et secours sont sur place, la circulation est perturbée. Évitez le secteur, ralentissez à l''approche et suivez les consignes. #{route}',
    'fin-intervention', 7200
  UNION ALL SELECT 'perturbation',
    '🚧 #InfoRoute #{route} | Circulation perturbée à hauteur de {lieu} : {cause}. Prévoyez un temps de trajet allongé ou un itinéraire de délestage, et restez prudents.',
    NULL, 10800
  UNION ALL SELECT 'appel-a-temoins',
    '📢 #AppelÀTémoins | {faits}, le {date} à {lieu}. Vous êtes témoin ou avez des informations ? Contactez la gendarmerie au {téléphone} ou composez le 17.',
    NULL, NULL
  UNION ALL SELECT 'disparition',
    '🔎 #DisparitionInquiétante | {nom}, {âge} ans, a disparu le {date} à {lieu}. {signalement}. Si vous l''apercevez, composez le 17. Merci pour vos partages.',
    NULL, 43200
  UNION ALL SELECT 'prevention',
    '🛡️ #Prévention #{hashtag} | {conseil} Un doute, une situation suspecte ? Composez le 17 (ou le 114 par SMS).',
    NULL, NULL
)
-- A template of the same name already there (made by hand before this migration) is the cell's: kept.
WHERE true
ON CONFLICT (name) DO NOTHING;

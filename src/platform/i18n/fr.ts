import { typeset } from './typography.js';
/**
 * Every sentence the bot writes, in French (the default). `en.ts` must have the same keys: the
 * type `Catalogue` enforces it. Values that come from users arrive already escaped for Slack.
 */
const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

const words = {
  localeTag: 'fr-FR',

  // Access
  notMember: () =>
    'comcell est réservé aux membres du canal de la cellule. Demandez à un membre de vous y ajouter, puis réessayez.',
  malformedRequest: () => 'Requête incomplète reçue de Slack : rien n’a été modifié. Réessayez ; si cela se reproduit, prévenez l’administrateur de comcell.',
  unexpectedError: () => 'Une erreur inattendue est survenue ; rien n’a été modifié. Réessayez dans un instant.',

  // /tweet help
  tweetHelp: (p: { approve: string; reject: string; required: number; max: number }) =>
    [
      '*Proposer une publication* : `/tweet [options] texte`',
      '• `--followup 2h` (ou `--suivi`) : ouvrir un suivi, dû 2 h après la publication (durées : `90s`, `45m`, `2h`, `1h30m`, `1d`)',
      '• `--at 14:30` (ou `--a`) : publier à cette heure une fois validée (`AAAA-MM-JJ HH:MM` pour un autre jour)',
      '• `--reply #12` : publier en réponse à la publication de la proposition #12',
      '• `--on x,bluesky` (ou `--sur`) : publier sur ces réseaux seulement',
      '• une ligne `---` seule : commence la partie suivante d’un fil (10 parties au plus)',
      '• `--template accident` (ou `--modele`) : ouvrir le formulaire d’un modèle (`/template list`)',
      '• `--` seul : la suite est du texte, même si elle commence par `--`',
      '`/tweet` sans texte ouvre le formulaire.',
      `Un autre membre valide avec ${p.approve} (${p.required} ${plural(p.required, 'validation requise', 'validations requises')}) ; ${p.reject} rejette. Limite sur X : ${p.max} caractères pondérés (lien = 23, émoji = 2).`,
    ].join('\n'),

  // Refusals of a command: the intro, then one line per problem
  proposalRefused: () => 'Proposition non enregistrée :',
  unknownOption: (p: { option: string; known: string }) =>
    `option inconnue \`${p.option}\`. Options connues : ${p.known}. Pour un texte qui commence par \`--\`, placez \`--\` seul avant le texte.`,
  missingValue: (p: { option: string }) => `l’option \`${p.option}\` attend une valeur juste après elle.`,
  duplicateOption: (p: { option: string }) => `l’option \`${p.option}\` est donnée deux fois ; gardez-en une.`,
  badDuration: (p: { option: string; value: string }) =>
    `durée illisible pour \`${p.option}\` : « ${p.value} ». Exemples : \`90s\`, \`45m\`, \`2h\`, \`1h30m\`, \`1d\`.`,
  zeroDuration: (p: { option: string; value: string }) =>
    `la durée de \`${p.option}\` ne peut pas être nulle (« ${p.value} »).`,
  badTime: (p: { value: string }) =>
    `heure illisible : « ${p.value} ». Écrivez \`HH:MM\` (\`14:30\`) ou \`AAAA-MM-JJ HH:MM\` (\`2026-12-24 18:00\`).`,
  pastTime: (p: { value: string }) => `l’heure « ${p.value} » est déjà passée. Donnez une heure à venir.`,
  nonexistentTime: (p: { value: string }) =>
    `l’heure « ${p.value} » n’existe pas ce jour-là (passage à l’heure d’été). Choisissez une autre heure.`,
  badRef: (p: { value: string }) => `référence illisible : « ${p.value} ». Écrivez \`#12\` ou \`12\`.`,
  emptyText: () => 'le texte est vide : écrivez ce qui doit être publié.',
  tooLong: (p: { weightedLength: number; max: number; over: number }) =>
    `texte trop long : ${p.weightedLength}/${p.max} (décompte de X : un lien compte 23, la plupart des émojis 2). Retirez au moins ${p.over} ${plural(p.over, 'caractère', 'caractères')}.`,
  tooLongOn: (p: { network: string; weightedLength: number; max: number; over: number; without: string | null }) =>
    `trop long pour ${p.network} : ${p.weightedLength}/${p.max}. Retirez au moins ${p.over} ${plural(p.over, 'caractère', 'caractères')}${p.without ? `, ou publiez sans ${p.network} : \`--on ${p.without}\`` : ''}.`,
  unknownNetwork: (p: { value: string; known: string }) => `réseau inconnu « ${p.value} ». Réseaux de la cellule : ${p.known} (\`--on x,bluesky\`).`,
  networkName: { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' },
  threadHalfPosted: (p: { network: string; posted: number; total: number }) =>
    `${p.network} : ${p.posted} ${plural(p.posted, 'partie', 'parties')} sur ${p.total} ${plural(p.posted, 'publiée', 'publiées')}, la suite attend.`,
  buttonRetryFromPart: (p: { part: number; network: string | null }) => `Reprendre à la partie ${p.part}${p.network ? ` sur ${p.network}` : ''}`,
  deliveryDryRun: () => 'simulation',
  composerNetworks: () => 'Publier sur',
  composerNoNetwork: () => 'Cochez au moins un réseau.',
  inPart: (p: { part: number; problem: string }) => `partie ${p.part} : ${p.problem}`,
  tooManyParts: (p: { count: number; max: number }) => `trop de parties : ${p.count} ; un fil en compte ${p.max} au plus. Regroupez-en ou proposez deux fils.`,
  controlChars: (p: { chars: string }) =>
    `le texte contient des caractères de contrôle invisibles (${p.chars}). Retapez le texte ou collez-le sans mise en forme.`,
  invalidChars: () => 'le texte contient des caractères refusés par X (U+FFFE, U+FEFF ou U+FFFF). Retirez-les.',
  unknownRef: (p: { ref: number }) => `la proposition #${p.ref} n’existe pas.`,
  refNotPublished: (p: { ref: number; state: string }) =>
    `la proposition #${p.ref} n’est pas publiée (état : ${p.state}) ; on ne peut répondre qu’à une publication en ligne.`,
  refDryRun: (p: { ref: number }) =>
    `la proposition #${p.ref} n’a été publiée qu’en simulation : il n’existe aucune publication à laquelle répondre.`,

  // Refusals: the text quoted back, and the composer to take it up again
  refusalYourText: () => 'Votre texte, tel que tapé :',
  refusalTextCut: (p: { length: number }) => `Début seulement : le texte compte ${p.length} caractères.`,
  buttonComposeAgain: () => 'Modifier dans le formulaire',
  refusalNoCompose: () => 'Ce texte est trop long pour être repris dans le formulaire : copiez-le depuis ce message.',

  // The proposal message
  proposalFallback: (p: { ref: number; author: string; text: string }) => `Proposition #${p.ref} de ${p.author} : ${p.text}`,
  proposalTitle: (p: { ref: number; author: string; version: number }) =>
    `*Proposition #${p.ref}* de ${p.author}${p.version > 1 ? ` · version ${p.version}` : ''}`,
  length: (p: { weightedLength: number; max: number }) => `${p.weightedLength}/${p.max}`,
  optionFollowup: (p: { duration: string }) => `suivi ${p.duration} après publication`,
  optionAt: (p: { time: string }) => `à publier ${p.time}`,
  optionReply: (p: { ref: number }) => `en réponse à #${p.ref}`,
  statusPending: (p: { count: number; required: number }) => `🟡 *À valider* · ${p.count}/${p.required} ${plural(p.required, 'validation', 'validations')}`,
  statusScheduled: (p: { time: string }) => `🗓️ *Programmée* : validée, elle partira ${p.time}`,
  statusWaiting: (p: { networks: string; time: string }) => `⏸️ *Retenue* : ${p.networks} limite les publications, départ automatique ${p.time}`,
  threadWaiting: (p: { network: string; time: string; in: string }) =>
    `⏸️ ${p.network} limite les publications pour le moment : elle y partira automatiquement ${p.time} (${p.in}), dans l’ordre des validations.`,
  buttonRetry: (p: { network: string | null }) => `Réessayer${p.network ? ` sur ${p.network}` : ''}`,
  buttonOnline: (p: { network: string | null }) => `C’est en ligne${p.network ? ` sur ${p.network}` : ''}`,
  buttonNotOnline: (p: { network: string | null }) => `Pas en ligne : republier${p.network ? ` sur ${p.network}` : ''}`,
  confirmedOnline: (p: { by: string; network: string }) => `✅ ${p.by} confirme que la publication est en ligne sur ${p.network} : marquée publiée.`,
  retryRequested: (p: { by: string; network: string }) => `🔁 ${p.by} relance la publication sur ${p.network}.`,
  proposalButtonStale: (p: { ref: number; state: string }) =>
    `Ce bouton n’est plus d’actualité : la proposition #${p.ref} est maintenant ${p.state}. Rien n’a été modifié.`,
  statusPublishing: () => '📤 *Publication en cours*',
  statusPublished: (p: { networks: string }) => `✅ *Publiée* sur ${p.networks}`,
  statusPublishedDryRun: (p: { networks: string }) => `🧪 *Simulation* : rien n’a été envoyé à ${p.networks}`,
  statusRejected: (p: { by: string }) => `🚫 *Rejetée* par ${p.by}`,
  statusWithdrawn: () => '↩️ *Retirée* par son auteur',
  statusFailed: (p: { networks: string }) => `❌ *Échec* sur ${p.networks}`,
  statusUncertain: (p: { networks: string }) => `⚠️ *Incertaine* sur ${p.networks} : vérifiez le compte avant toute nouvelle tentative`,
  statusExpired: (p: { time: string }) => `⌛ *Expirée* : validée trop tard pour partir ${p.time}`,
  hint: (p: { approve: string; reject: string; required: number }) =>
    `Pour valider : ${p.approve} (${p.required} ${plural(p.required, 'validation', 'validations')} d’un autre membre que l’auteur) · pour rejeter : ${p.reject}`,

  // The proposal message: its parts, each network, and what needs someone now
  statusFailedOwn: (p: { reason: string }) => `❌ *Échec* : ${p.reason}`,
  statusReplaced: (p: { version: number }) => `↪️ *Remplacée* par la version ${p.version}`,
  approvedBy: (p: { approvers: string }) => `Validée par ${p.approvers}`,
  partHeading: (p: { part: number; total: number; counts: string }) => `Partie ${p.part}/${p.total} · ${p.counts}`,
  partCut: () => 'aperçu : texte complet dans le fil',
  detailsLeftOut: () => 'détails omis : message trop long pour Slack',
  replyPlain: (p: { networks: string; ref: number }) => `sur ${p.networks}, #${p.ref} n’a pas été publiée : ce sera une publication simple`,
  imageOfPart: (p: { part: number }) => `partie ${p.part}`,
  netPublished: (p: { url: string }) => `✅ <${p.url}|voir>`,
  netPublishedThread: (p: { url: string; total: number }) => `✅ <${p.url}|voir le fil> (${p.total} parties)`,
  netConfirmed: () => '✅ confirmée en ligne',
  netWaiting: (p: { time: string }) => `⏸️ retenue, départ ${p.time}`,
  netPublishing: () => '📤 en cours',
  netFailed: (p: { why: string }) => `❌ ${p.why}`,
  netUncertain: () => '⚠️ à vérifier',
  netProgress: (p: { posted: number; total: number }) => `${p.posted}/${p.total}`,
  failShort: {
    credentials: 'identifiants refusés',
    duplicate: 'texte en double',
    reply_target: 'message d’origine introuvable',
    image: 'image refusée',
    invalid: 'publication refusée',
    unknown: 'réponse perdue',
    no_network: 'réseau absent',
    slack_post_failed: 'non affichée',
  },
  credentialsFix: {
    x: 'vérifier les clés X de comcell',
    mastodon: 'renouveler le jeton Mastodon de comcell',
    bluesky: 'créer un nouveau mot de passe d’application Bluesky pour comcell',
  },
  failCredentials: (p: { network: string; fix: string }) =>
    `${p.network} a refusé les identifiants du compte de la cellule : la personne qui administre comcell doit ${p.fix}. Ensuite, *Réessayer*.`,
  urgentLine: (p: { uncertain: boolean; words: string }) => `${p.uncertain ? '⚠️' : '❌'} ${p.words}`,
  uncertainWords: (p: { network: string }) =>
    `${p.network} n’a pas répondu clairement : la publication est peut-être en ligne. Vérifiez sur le compte, puis dites-le avec les boutons.`,
  networkSaid: (p: { network: string; reason: string }) => `Réponse de ${p.network} : « ${p.reason} »`,
  confirmNotOnlineTitle: () => 'Republier ?',
  confirmNotOnlineText: (p: { network: string }) =>
    `Vérifiez d’abord sur le compte ${p.network} : si la publication y est déjà, la republier ferait un doublon.`,
  confirmNotOnlineYes: () => 'Republier',
  confirmNotOnlineNo: () => 'Annuler',
  fullTextHeading: (p: { part: number | null; total: number; piece: number; pieces: number }) =>
    `Texte complet${p.part ? ` de la partie ${p.part}/${p.total}` : ''}${p.pieces > 1 ? ` (${p.piece}/${p.pieces})` : ''} :`,
  altTextsHeading: () => 'Textes alternatifs complets :',
  alertCredentials: (p: { network: string; fix: string; refs: string }) =>
    `<!here> 🔑 *${p.network} refuse les identifiants du compte de la cellule* : plus rien n’y sera publié tant que ce n’est pas réglé. La personne qui administre comcell doit ${p.fix}. Ensuite, *Réessayer* sur chaque proposition en échec : ${p.refs}.`,
  alertResolved: (p: { network: string; refs: string }) =>
    `✅ *${p.network} accepte de nouveau les publications.* Propositions touchées par la panne : ${p.refs} (*Réessayer* sur celles encore en échec).`,

  // Thread replies: the events people must notice
  threadScheduled: (p: { approvers: string; time: string }) => `🗓️ Validée par ${p.approvers}. Elle partira ${p.time}.`,
  threadPublished: (p: { network: string; approvers: string; url: string }) => `✅ Publiée sur ${p.network} : ${p.url} (validée par ${p.approvers}).`,
  threadPublishedDryRun: (p: { network: string; approvers: string; id: string }) =>
    `🧪 Simulation sur ${p.network} : rien n’y a été envoyé (identifiant simulé \`${p.id}\`). Validée par ${p.approvers}.`,
  threadRejected: (p: { by: string }) => `🚫 Rejetée par ${p.by}. Elle ne sera pas publiée.`,
  threadWithdrawn: (p: { by: string }) => `↩️ Retirée par ${p.by}. Elle ne sera pas publiée.`,
  threadFailed: (p: { network: string; reason: string }) => `❌ Échec sur ${p.network} : ${p.reason}`,
  threadUncertain: (p: { network: string; words: string }) => `<!here> ⚠️ Incertaine sur ${p.network}. ${p.words}`,
  threadExpired: (p: { author: string; time: string }) =>
    `⌛ ${p.author} : validée trop tard, la proposition n’a pas été publiée (elle devait partir ${p.time}). Reproposez-la si elle est toujours utile.`,
  ownApproval: (p: { ref: number }) =>
    `Votre propre validation ne compte pas pour la proposition #${p.ref} : il faut celle d’un autre membre de la cellule.`,
  postFailed: (p: { reason: string }) =>
    `La proposition n’a pas pu être affichée dans le canal de la cellule (${p.reason}). Elle est annulée ; rien ne sera publié. Réessayez.`,
  threadPublishedThread: (p: { network: string; approvers: string; url: string; total: number }) =>
    `✅ Fil publié sur ${p.network} (${p.total} parties) : ${p.url} (validé par ${p.approvers}).`,

  // Why publishing failed, in words: what happened, and who can fix it
  failDuplicate: (p: { network: string }) =>
    `${p.network} refuse un texte identique à une publication déjà en ligne. Modifiez le texte pour la reproposer.`,
  failInvalid: (p: { network: string }) => `${p.network} a refusé la publication telle qu’elle est écrite. Modifiez-la, puis reproposez-la.`,
  failImage: (p: { network: string }) =>
    `${p.network} n’a pas pu recevoir une image (introuvable dans Slack, ou impossible à mettre à ses limites). Reproposez avec l’image jointe à nouveau.`,
  failReplyTarget: (p: { network: string; ref: number }) =>
    `la publication de #${p.ref}, à laquelle elle répond, est introuvable sur ${p.network} (supprimée ?). Reproposez-la sans réponse.`,
  failNoNetwork: () => 'aucun des réseaux choisis n’est encore configuré. Reproposez-la.',

  // States, as a word (for refusals)
  state: {
    pending: 'en attente de validation',
    waiting: 'retenue par la limite d’un réseau',
    scheduled: 'programmée',
    publishing: 'en cours de publication',
    published: 'publiée',
    rejected: 'rejetée',
    failed: 'en échec',
    uncertain: 'incertaine',
    expired: 'expirée',
  },

  // The composer
  composerTitle: () => 'Nouvelle proposition',
  composerSubmit: () => 'Proposer',
  composerCancel: () => 'Annuler',
  composerTextLabel: () => 'Texte',
  composerFollowup: () => 'Suivi après publication',
  composerDate: () => 'Date de publication',
  // The template form's time field, typed.
  composerAt: () => 'Publier à (HH:MM ou AAAA-MM-JJ HH:MM)',
  composerReply: () => 'En réponse à',
  composerImages: () => 'Images (4 au plus : JPEG, PNG, WebP ou GIF)',
  composerImagesKept: (p: { count: number }) =>
    `${p.count} ${plural(p.count, 'image jointe est conservée', 'images jointes sont conservées')} si vous n’en joignez pas d’autres.`,
  composerAlt: (p: { name: string }) => `Texte alternatif de « ${p.name} »`,
  composerAltPlaceholder: () => 'Décrivez l’image pour les personnes qui ne la voient pas',
  composerEditTitle: (p: { ref: number }) => `Modifier #${p.ref}`,
  composerEditSubmit: () => 'Nouvelle version',
  editNotAuthor: (p: { ref: number }) => `Seul l’auteur de la proposition #${p.ref} peut la modifier.`,
  buttonEdit: () => 'Modifier',
  replacedBy: (p: { version: number }) => `Les validations de cette version ne comptent plus : validez la version ${p.version}.`,
  imagesAttached: (p: { count: number }) => `🖼️ ${p.count} ${plural(p.count, 'image jointe', 'images jointes')}`,
  imageAlt: (p: { n: number; name: string; alt: string; part: string | null }) => `🖼️ ${p.n}. ${p.name}${p.part ? ` (${p.part})` : ''} : « ${p.alt} »`,
  imageGifAlone: (p: { name: string }) => `« ${p.name} » est un GIF : X le publie seul, sans autre image. Retirez les autres images, ou le GIF.`,
  imageTooMany: (p: { max: number }) => `au plus ${p.max} images par publication.`,
  imageBadType: (p: { name: string }) => `« ${p.name} » n’est pas une image acceptée (JPEG, PNG, WebP ou GIF).`,
  imageTooBig: (p: { name: string; limitMb: number }) => `« ${p.name} » dépasse ${p.limitMb} Mo : même réduite, elle ne pourrait pas être publiée. Joignez une version plus légère.`,
  altMissing: (p: { n: number }) => `le texte alternatif de l’image ${p.n} est nécessaire (accessibilité).`,
  altTooLong: (p: { n: number; max: number }) => `le texte alternatif de l’image ${p.n} dépasse ${p.max} caractères.`,
  composerTextHint: (p: { max: number }) => `Sur X, ${p.max} caractères pondérés au plus (lien = 23, émoji = 2).`,

  // The composer: parts, menus, pickers, images
  composerPartLabel: (p: { part: number; total: number }) => `Partie ${p.part} sur ${p.total}`,
  composerAddPart: () => 'Ajouter une partie',
  composerRemovePart: (p: { part: number }) => `Retirer la partie ${p.part}`,
  composerNoFollowup: () => 'Pas de suivi',
  composerTime: () => 'Heure de publication',
  composerTimeHint: () => 'Sans heure : dès la validation. Sans date : la prochaine fois que l’horloge indique cette heure.',
  composerTimeNeeded: () => 'Choisissez aussi une heure.',
  composerNoReply: () => 'Aucune : publication simple',
  composerReplyOption: (p: { ref: number; excerpt: string }) => `#${p.ref} · ${p.excerpt}`,
  composerAltStep: (p: { count: number }) =>
    `${plural(p.count, 'Décrivez l’image jointe pour les personnes qui ne la voient pas', `Décrivez chacune des ${p.count} images jointes pour les personnes qui ne les voient pas`)}, puis proposez.`,
  composerOtherImages: () => 'Choisir d’autres images',
  composerImagesChosen: (p: { names: string }) => `🖼️ ${p.names}`,
  editTooLong: (p: { ref: number; part: number | null; length: number; max: number }) =>
    `${p.part ? `La partie ${p.part} de #${p.ref}` : `Le texte de #${p.ref}`} compte ${p.length} caractères (ses liens ne comptent que 23 chacun pour X) : un champ du formulaire en contient ${p.max} au plus. Pour la changer, reproposez-la avec \`/tweet\` puis rejetez celle-ci.`,

  // /followup
  followupHelp: () =>
    [
      '*Suivis d’incidents* : le bot rappelle le tweet de clôture jusqu’à ce qu’il soit publié.',
      '• `/followup liste` : les suivis ouverts, en retard d’abord',
      '• `/followup #12 texte` : proposer le tweet de clôture, en réponse au tweet de #12',
      '• `/followup ouvrir #12 2h` : ouvrir un suivi sur #12, dû 2 h après sa publication',
      '• `/followup reporter #12 30m` : repousser le prochain rappel',
      '• `/followup clore #12 [raison]` : clore sans tweet (la raison est enregistrée)',
    ].join('\n'),
  followupRefused: () => 'Commande non exécutée :',
  unknownSubcommand: (p: { word: string }) =>
    `« ${p.word} » n’est pas une commande de \`/followup\`. Commandes : \`liste\`, \`#12 texte\`, \`ouvrir\`, \`reporter\`, \`clore\` (\`/followup aide\` pour le détail).`,
  missingRef: (p: { subcommand: string }) => `\`${p.subcommand}\` attend une référence : \`/followup ${p.subcommand} #12 …\`.`,
  missingDuration: (p: { subcommand: string }) =>
    `\`${p.subcommand}\` attend une durée après la référence, par exemple \`/followup ${p.subcommand} #12 30m\`.`,
  tooManyWords: (p: { subcommand: string; extra: string }) => `\`${p.subcommand}\` ne prend pas « ${p.extra} ».`,
  followupBadDuration: (p: { value: string }) =>
    `durée illisible : « ${p.value} ». Exemples : \`90s\`, \`45m\`, \`2h\`, \`1h30m\`, \`1d\`.`,
  followupZeroDuration: (p: { value: string }) => `la durée ne peut pas être nulle (« ${p.value} »).`,
  followupNotPublished: (p: { ref: number; state: string }) =>
    `la proposition #${p.ref} n’est pas publiée (état : ${p.state}) ; un suivi s’ouvre sur un tweet publié.`,
  noOpenFollowup: (p: { ref: number }) => `la proposition #${p.ref} n’a pas de suivi ouvert.`,
  /** `due`: "à 14:30", "demain à 06:00". */
  followupAlreadyOpen: (p: { ref: number; due: string }) => `la proposition #${p.ref} a déjà un suivi ouvert, dû ${p.due}.`,
  followupOpened: (p: { ref: number; due: string; overdue: boolean }) =>
    `Suivi ouvert sur #${p.ref}, dû ${p.due}.${p.overdue ? ' Cette échéance est déjà passée : le premier rappel part maintenant.' : ''}`,
  /** `until`: "à 14:30" (French) / "14:30" (English). */
  followupSnoozed: (p: { ref: number; until: string }) => `Prochain rappel du suivi de #${p.ref} repoussé ${p.until}.`,
  followupSnoozedThread: (p: { by: string; until: string }) => `⏰ ${p.by} a repoussé le prochain rappel ${p.until}.`,
  followupClosed: (p: { ref: number }) => `Suivi de #${p.ref} clos sans tweet.`,
  followupClosedThread: (p: { by: string; reason: boolean }) => `✅ Suivi clos sans tweet par ${p.by}${p.reason ? ', pour cette raison :' : '.'}`,
  followupResolvedThread: (p: { closingRef: number }) => `✅ Suivi clos : le tweet de clôture #${p.closingRef} est publié.`,
  followupListEmpty: () => 'Aucun suivi ouvert.',
  followupListTitle: (p: { count: number; overdue: number }) =>
    `*${p.count} ${plural(p.count, 'suivi ouvert', 'suivis ouverts')}*${p.overdue > 0 ? `, dont ${p.overdue} en retard` : ''} :`,
  /** `late`: "en retard de 1 h 40 (prévu à 00:27)" or "prévu à 14:30 (dans 25 min)". */
  followupListLine: (p: { ref: number; excerpt: string; late: string; overdue: boolean; reminders: number }) =>
    `${p.overdue ? '🔴' : '🟡'} *#${p.ref}* ${p.late}${p.reminders > 0 ? ` · ${p.reminders} ${plural(p.reminders, 'rappel', 'rappels')}` : ''} · « ${p.excerpt} »`,
  followupListMore: (p: { count: number }) => `… et ${p.count} ${plural(p.count, 'autre, dû plus tard', 'autres, dus plus tard')}.`,
  buttonProposeClosing: () => 'Proposer le tweet de clôture',
  buttonClose: () => 'Clore sans tweet',
  staleButton: (p: { ref: number }) =>
    `Ce bouton n’est plus d’actualité : le suivi de #${p.ref} a changé depuis (rappel plus récent, déjà repoussé ou déjà clos). Rien n’a été modifié.`,
  noteFollowupOpen: (p: { due: string; overdue: boolean }) =>
    `${p.overdue ? '🔴' : '🔔'} Suivi : tweet de clôture attendu ${p.due}${p.overdue ? ' (*en retard*)' : ''}`,
  noteFollowupResolved: (p: { closingRef: number }) => `✅ Suivi clos : tweet de clôture #${p.closingRef} publié`,
  noteFollowupClosed: (p: { by: string; reason: string | null }) => `✅ Suivi clos sans tweet par ${p.by}${p.reason ? ` : ${p.reason}` : ''}`,

  // Follow-up reminders: the state first; only the latest, unanswered one has buttons
  /** `late`: "en retard de 1 h 40 (prévu à 00:27)". */
  reminderHeadline: (p: { ref: number; late: string }) => `🔔 *Tweet de clôture de #${p.ref}* : ${p.late}`,
  reminderHeadlineEscalated: (p: { ref: number; late: string; unanswered: number }) =>
    `🔴 *Tweet de clôture de #${p.ref}* : ${p.late} · *${p.unanswered} ${plural(p.unanswered, 'rappel sans réponse', 'rappels sans réponse')}*`,
  reminderFor: (p: { mention: string; number: number }) => `Pour ${p.mention} · rappel ${p.number}`,
  reminderFallback: (p: { mention: string; ref: number; late: string }) => `🔔 ${p.mention} : tweet de clôture de #${p.ref}, ${p.late}`,
  snoozePlaceholder: () => 'Reporter…',
  snoozeChoice: (p: { minutes: number }) => (p.minutes >= 60 ? `Reporter de ${p.minutes / 60} h` : `Reporter de ${p.minutes} min`),
  snoozeChoiceRefused: () => 'Ce délai de report n’est pas proposé par le menu : rien n’a été modifié.',
  /** An earlier reminder, once the follow-up moved: what became of it, on one line. */
  reminderOutcome: (p: { outcome: string; number: number; ref: number }) => `${p.outcome} · rappel ${p.number} de #${p.ref}`,
  /** `until`: "à 14:30" (French) / "14:30" (English). */
  outcomeSnoozed: (p: { by: string; until: string }) => `⏰ Reporté par ${p.by}, prochain rappel ${p.until}`,
  outcomeResolved: (p: { closingRef: number }) => `✅ Résolu par #${p.closingRef}`,
  outcomeClosed: (p: { by: string }) => `✅ Clos sans tweet par ${p.by}`,
  outcomeSuperseded: (p: { number: number }) => `↪️ Remplacé par le rappel ${p.number}`,

  // /template and the template form
  templates: {
    choiceLabel: () => '*Partir d’un modèle*',
    choicePlaceholder: () => 'Choisir un modèle',
    help: () =>
      [
        '*Modèles* : les messages que la cellule écrit souvent, avec des `{champs}` à remplir.',
        '• `/template list` : les modèles',
        '• `/template show accident` : le texte, ses champs, son modèle de clôture',
        '• `/template add NOM texte avec des {champs}` : ajouter un modèle ; options `--closing NOM` (modèle du tweet de clôture) et `--followup 2h` (suivi par défaut)',
        '• `/template change NOM [texte] [--closing NOM|none] [--followup 2h|none]` : modifier un modèle',
        '• `/template remove NOM` : supprimer un modèle',
        '• `/tweet --template accident` : proposer un tweet à partir d’un modèle',
        'Un champ s’écrit `{nom}` (lettres, chiffres, _) ; `{{` et `}}` écrivent une accolade.',
      ].join('\n'),
    refused: () => 'Rien n’a été modifié :',
    unknownSubcommand: (p: { word: string }) =>
      `« ${p.word} » n’est pas une commande de \`/template\`. Commandes : \`list\`, \`show\`, \`add\`, \`change\`, \`remove\` (\`/template help\` pour le détail).`,
    missingName: (p: { subcommand: string }) => `\`${p.subcommand}\` attend le nom d’un modèle : \`/template ${p.subcommand} accident\`.`,
    badName: (p: { value: string }) =>
      `« ${p.value} » n’est pas un nom de modèle : des lettres, des chiffres, - et _, 40 caractères au plus (ni « none » ni « aucun »).`,
    missingText: () => 'le texte du modèle manque : `/template add NOM texte avec des {champs}`.',
    nothingToChange: (p: { name: string }) =>
      `rien à modifier : donnez un nouveau texte, \`--closing\` ou \`--followup\` (\`/template change ${p.name} nouveau texte\`).`,
    unclosedBrace: (p: { near: string }) =>
      `une accolade \`{\` n’est pas fermée : « ${p.near} ». Un champ s’écrit \`{lieu}\` ; pour une accolade dans le texte, doublez-la : \`{{\`.`,
    emptyField: (p: { near: string }) => `un champ n’a pas de nom : « ${p.near} ». Écrivez par exemple \`{lieu}\`.`,
    badField: (p: { name: string }) =>
      `« ${p.name} » n’est pas un nom de champ : des lettres, des chiffres et _ seulement, sans espace (\`{lieu_exact}\`).`,
    fieldTooLong: (p: { name: string; max: number }) => `le nom de champ « ${p.name} » dépasse ${p.max} caractères.`,
    strayBrace: (p: { near: string }) =>
      `une accolade \`}\` ferme un champ jamais ouvert : « ${p.near} ». Pour une accolade dans le texte, doublez-la : \`}}\`.`,
    tooManyFields: (p: { count: number; max: number }) => `${p.count} champs, c’est trop : ${p.max} au plus (un par case du formulaire).`,
    skeletonTooLong: (p: { network: string; count: number; max: number }) =>
      `même avec tous ses champs vides, le texte fait ${p.count}/${p.max} sur ${p.network} : raccourcissez-le et laissez de la place aux valeurs.`,
    taken: (p: { name: string }) =>
      `le modèle « ${p.name} » existe déjà. Pour le modifier : \`/template change ${p.name} nouveau texte\`.`,
    unknown: (p: { name: string; known: string }) => `le modèle « ${p.name} » n’existe pas. Modèles : ${p.known}.`,
    noTemplates: () => 'aucun',
    closingUnknown: (p: { name: string }) => `le modèle de clôture « ${p.name} » n’existe pas (\`/template list\`).`,
    closingSelf: () => 'un modèle ne peut pas être son propre modèle de clôture.',
    linked: (p: { name: string; by: string; first: string }) =>
      `« ${p.name} » est le modèle de clôture de ${p.by} : retirez d’abord ce lien (\`/template change ${p.first} --closing none\`).`,
    added: (p: { name: string; fields: string }) =>
      `Modèle « ${p.name} » ajouté${p.fields ? ` (champs : ${p.fields})` : ''}. Pour s’en servir : \`/tweet --template ${p.name}\`.`,
    changed: (p: { name: string }) => `Modèle « ${p.name} » modifié.`,
    unchanged: (p: { name: string }) => `Le modèle « ${p.name} » était déjà ainsi : rien n’a changé.`,
    removed: (p: { name: string }) => `Modèle « ${p.name} » supprimé.`,
    listEmpty: () => 'Aucun modèle. Pour en créer un : `/template add NOM texte avec des {champs}`.',
    listTitle: (p: { count: number }) =>
      `*${p.count} ${plural(p.count, 'modèle', 'modèles')}* (\`/template show NOM\` pour le détail, \`/tweet --template NOM\` pour s’en servir) :`,
    listLine: (p: { name: string; excerpt: string; closing: string | null; followup: string | null }) =>
      `• \`${p.name}\` : ${p.excerpt}${p.closing ? ` · clôture \`${p.closing}\`` : ''}${p.followup ? ` · suivi ${p.followup}` : ''}`,
    listMore: (p: { count: number; names: string }) => `et ${p.count} ${plural(p.count, 'autre', 'autres')} : ${p.names}`,
    showTitle: (p: { name: string }) => `*Modèle \`${p.name}\`*`,
    showFields: (p: { fields: string }) => `Champs : ${p.fields}`,
    showNoFields: () => 'Aucun champ : le texte est publié tel quel.',
    showClosing: (p: { name: string }) => `Tweet de clôture : modèle \`${p.name}\`, avec les mêmes valeurs de champs`,
    showFollowup: (p: { duration: string }) => `Suivi par défaut : ${p.duration} après publication`,
    showUpdated: (p: { by: string; at: string }) => `Modifié par ${p.by} le ${p.at}`,
    // The form
    composerTitle: () => 'Tweet depuis un modèle',
    composerSubmit: () => 'Proposer',
    composerOf: (p: { name: string }) => `Modèle « ${p.name} » : remplissez les champs, le texte se met à jour.`,
    composerToFill: (p: { fields: string }) => `À remplir : ${p.fields}`,
    composerFollowupHint: (p: { duration: string }) => `Vide : le suivi par défaut du modèle (${p.duration}).`,
    fieldEmpty: (p: { label: string }) => `« ${p.label} » est à remplir.`,
    gone: (p: { name: string }) => `le modèle « ${p.name} » a été supprimé entre-temps ; rien n’a été proposé.`,
    withText: (p: { name: string }) =>
      `\`--template ${p.name}\` ouvre le formulaire du modèle : il ne prend pas de texte, les champs se remplissent dans le formulaire.`,
  },

  // /duty
  dutyHelp: () => '`/duty` : qui est de permanence · `/duty prendre` : prendre la permanence',
  dutyNobody: () => 'Personne n’est de permanence : les rappels mentionnent l’auteur de la proposition. `/duty prendre` pour la prendre.',
  /** `since`: "12:30", "hier 22:10"; `span`: "2 h 05". */
  dutyCurrent: (p: { user: string; since: string; span: string }) =>
    `${p.user} est de permanence depuis ${p.since} (${p.span}). Les rappels de suivi le mentionnent.`,
  dutyTaken: (p: { user: string }) => `🛡️ ${p.user} prend la permanence : les rappels de suivi le mentionnent désormais.`,
  dutyAlready: (p: { since: string }) => `Vous êtes déjà de permanence depuis ${p.since}.`,
  dutyUnknown: (p: { word: string }) => `« ${p.word} » n’est pas une commande de \`/duty\` : \`/duty\` ou \`/duty prendre\`.`,

  // Handovers and shift summaries
  /** `state`: one of the handover states below. */
  handoverTitle: (p: { from: string; to: string | null; state: string }) => `🔁 *Passation : ${p.from} → ${p.to ?? 'la relève'}* · ${p.state}`,
  handoverFallback: (p: { from: string; to: string | null }) => `🔁 Passation : ${p.from} → ${p.to ?? 'la relève'}`,
  handoverAwaiting: () => '⏳ en attente de prise en compte',
  /** `at`: "14:05", "hier 22:10". */
  handoverAcknowledged: (p: { by: string; at: string }) => `👍 prise en compte par ${p.by} (${p.at})`,
  handoverSuperseded: (p: { at: string }) => `↪️ remplacée par la passation de ${p.at}`,
  awaitingAcknowledgement: (p: { to: string | null }) => `${p.to ?? 'La relève'} : merci d’en accuser réception.`,
  shiftSummaryTitle: (p: { time: string; state: string }) => `🕕 *Fin de vacation (${p.time})* · ${p.state}`,
  shiftSummaryFallback: (p: { time: string }) => `🕕 Fin de vacation (${p.time}) : bilan automatique`,
  shiftNoHandover: () => '⚠️ aucune passation enregistrée',
  shiftHandedOver: (p: { by: string; at: string }) => `✅ passation enregistrée par ${p.by} (${p.at})`,
  askHandover: (p: { user: string | null }) =>
    `${p.user ?? 'Équipe'} : enregistrez la passation avec le bouton, ou \`/handover @relève notes\`.`,
  recordHandoverButton: () => 'Enregistrer la passation',
  /** `at`, `since`: "14:00", "hier 22:00". */
  summaryPeriod: (p: { at: string; since: string }) => `Vacation de ${p.since} à ${p.at}`,
  summaryNotes: (p: { notes: string }) => `*Notes* :\n${p.notes}`,
  summaryNotesInThread: () => '_La suite des notes est dans le fil._',
  handoverNotesFull: (p: { from: string }) => `*Notes de la passation de ${p.from}, en entier* :`,
  attentionTitle: (p: { count: number }) => `*⚠️ À traiter maintenant (${p.count})*`,
  attentionNone: () => '✅ Rien à traiter maintenant : aucun suivi en retard, aucune publication incertaine ou en échec, aucune proposition en attente.',
  /** `ref`: "#12", linked to its message; `late`: "en retard de 1 h 40 (prévu à 00:27)". */
  /** `excerpt`: null for items of summaries stored before excerpts were. */
  attentionOverdue: (p: { ref: string; late: string; excerpt: string | null }) =>
    `🔴 ${p.ref} · tweet de clôture ${p.late}${p.excerpt ? ` · « ${p.excerpt} »` : ''}`,
  attentionUncertain: (p: { ref: string; networks: string; excerpt: string | null }) =>
    `❓ ${p.ref} · publication incertaine sur ${p.networks} : vérifiez le compte${p.excerpt ? ` · « ${p.excerpt} »` : ''}`,
  attentionFailed: (p: { ref: string; failures: string; excerpt: string | null }) =>
    `❌ ${p.ref} · échec sur ${p.failures}${p.excerpt ? ` · « ${p.excerpt} »` : ''}`,
  attentionPending: (p: { ref: string; excerpt: string | null }) => `⏳ ${p.ref} · en attente de validation${p.excerpt ? ` · « ${p.excerpt} »` : ''}`,
  summaryCut: () => '… la suite ne tient pas dans ce message : voir l’onglet Accueil de comcell et `/followup liste`.',
  moreFollowups: (p: { count: number }) => `… et ${p.count} ${plural(p.count, 'autre', 'autres')} : \`/followup liste\``,
  moreOnHome: (p: { count: number }) => `… et ${p.count} ${plural(p.count, 'autre', 'autres')} dans l’onglet Accueil de comcell`,
  /** One network's failure: "Mastodon (identifiants refusés)". */
  networkFailure: (p: { network: string; why: string }) => `${p.network} (${p.why})`,
  failureWord: {
    credentials: 'identifiants du compte refusés',
    duplicate: 'texte identique déjà publié',
    reply_target: 'message auquel répondre introuvable',
    image: 'image indisponible',
    invalid: 'publication refusée',
    unknown: 'réponse incertaine',
    slack_post_failed: 'message non affiché dans Slack',
  },
  summaryQuiet: () => 'Rien de publié ni proposé pendant la vacation.',
  summaryCounts: (p: { proposed: number; published: number; rejected: number; failed: number }) =>
    `*Pendant la vacation* : ${p.proposed} ${plural(p.proposed, 'proposée', 'proposées')} · ${p.published} ${plural(p.published, 'publiée', 'publiées')} · ${p.rejected} ${plural(p.rejected, 'rejetée', 'rejetées')} · ${p.failed} en échec ou incertaine${p.failed > 1 ? 's' : ''}`,
  /** `items`: "#1 (X, Mastodon), #2 (X)", each network linked to its post. */
  groupPublished: (p: { count: number; items: string }) => `✅ Publiées (${p.count}) : ${p.items}`,
  groupRejected: (p: { count: number; items: string }) => `🚫 Rejetées (${p.count}) : ${p.items}`,
  groupExpired: (p: { count: number; items: string }) => `⌛ Expirées (${p.count}) : ${p.items}`,
  groupScheduled: (p: { count: number; items: string }) => `🕒 Programmées (${p.count}) : ${p.items}`,
  groupFollowupsLater: (p: { count: number; items: string }) => `🟡 Suivis ouverts, pas encore dus (${p.count}) : ${p.items}`,
  /** A network a proposal was published on: its name, linked; or "X (simulation)". */
  itemDryRun: (p: { network: string }) => `${p.network} (simulation)`,
  itemNetworks: (p: { ref: string; networks: string }) => `${p.ref} (${p.networks})`,
  /** `at`: "à 16:30", "demain à 09:00". */
  itemScheduled: (p: { ref: string; at: string }) => `${p.ref} ${p.at}`,
  itemFollowupDue: (p: { ref: string; due: string }) => `${p.ref} prévu ${p.due}`,
  andMore: (p: { count: number }) => `et ${p.count} ${plural(p.count, 'autre', 'autres')}`,
  quoted: (p: { text: string }) => `« ${p.text} »`,
  acknowledgeButton: () => 'Bien reçu',
  handoverRefused: () => 'Passation non enregistrée :',
  handoverNotesMissing: () => 'les notes sont obligatoires (« RAS » convient) : `/handover @relève notes`.',
  handoverNextNotMember: (p: { user: string }) => `${p.user} n’est pas membre du canal de la cellule.`,
  handoverToSelf: () => 'vous ne pouvez pas vous passer la main à vous-même.',
  handoverHistoryBadN: (p: { value: string }) => `« ${p.value} » n’est pas un nombre de passations entre 1 et 50.`,
  handoverHistoryEmpty: () => 'Aucune passation enregistrée.',
  handoverHistoryTitle: (p: { count: number }) => `*${plural(p.count, 'Dernière passation', `Les ${p.count} dernières passations`)}* :`,
  handoverHistoryLine: (p: { at: string; from: string; to: string; notes: string; link: string | null; acknowledged: boolean }) =>
    `• ${p.link ? `<${p.link}|${p.at}>` : p.at} : ${p.from} → ${p.to}${p.acknowledged ? ' 👍' : ''} · ${p.notes}`,
  handoverRecorded: (p: { to: string | null }) => `Passation enregistrée${p.to ? ` : ${p.to} est de permanence` : ''}.`,
  alreadyAcknowledged: (p: { by: string; at: string }) => `Cette passation a déjà été prise en compte par ${p.by} (${p.at}). Rien n’a été modifié.`,
  notYourHandover: (p: { to: string }) => `Cette passation est adressée à ${p.to} : c’est à lui ou elle d’en accuser réception.`,
  ownHandover: () => 'Vous ne pouvez pas accuser réception de votre propre passation : c’est à la relève de le faire.',
  handoverWasSuperseded: () => 'Une passation plus récente a remplacé celle-ci : il n’y a plus à en accuser réception. Rien n’a été modifié.',
  handoverHelp: () =>
    [
      '*Passation* :',
      '• `/handover @relève notes` : enregistrer la passation (« RAS » convient) ; la relève est de permanence',
      '• `/handover notes` : passation à la relève, quelle qu’elle soit (la première qui accuse réception prend la permanence)',
      '• `/handover` : le formulaire',
      '• `/handover historique [N]` : les N dernières passations (5 par défaut)',
    ].join('\n'),
  handoverModalTitle: () => 'Passation',
  handoverModalSubmit: () => 'Enregistrer',
  handoverModalNext: () => 'Relève',
  handoverModalNextHint: () => 'Laissez vide pour la passer à qui en accusera réception le premier.',
  handoverModalNotes: () => 'Notes (« RAS » convient)',

  // App Home
  homeTitle: () => 'comcell : état de la cellule',
  /** `since`: "06:00", "hier 22:00"; `span`: "8 h 05". */
  homeOnDuty: (p: { user: string; since: string; span: string }) => `🛡️ *De permanence* : ${p.user}, depuis ${p.since} (${p.span})`,
  homeNobodyOnDuty: () => '🛡️ *Personne n’est de permanence* : `/duty prendre` pour la prendre.',
  homeToday: (p: { proposed: number; published: number; rejected: number; failed: number }) =>
    `*Aujourd’hui* : ${p.proposed} ${plural(p.proposed, 'proposée', 'proposées')} · ${p.published} ${plural(p.published, 'publiée', 'publiées')} · ${p.rejected} ${plural(p.rejected, 'rejetée', 'rejetées')} · ${p.failed} en échec ou incertaine${p.failed > 1 ? 's' : ''}`,
  homeInProgressTitle: () => '*En cours*',
  homeNothingInProgress: () => 'Aucune proposition programmée ni en cours de publication.',
  /** `state`: the state in words; `at`: "à 16:30", or empty. */
  homeInProgressLine: (p: { ref: string; state: string; at: string | null; excerpt: string }) =>
    `${p.ref} · ${p.state}${p.at ? ` ${p.at}` : ''} · « ${p.excerpt} »`,
  homeFollowupsTitle: () => '*Suivis ouverts, pas encore dus*',
  homeNoFollowupsLater: () => 'Aucun autre suivi ouvert.',
  homeFollowupLine: (p: { ref: string; due: string; excerpt: string }) => `🟡 ${p.ref} · tweet de clôture attendu ${p.due} · « ${p.excerpt} »`,
  /** `at`: "à 06:05", "hier à 22:10". */
  homeLastHandover: (p: { from: string; to: string; at: string }) => `🔁 *Dernière passation* : ${p.from} → ${p.to}, ${p.at}`,
  homeMore: (p: { count: number }) => `… et ${p.count} ${plural(p.count, 'autre', 'autres')}`,
  homeUpdated: (p: { at: string }) => `Mis à jour ${p.at}`,

  listSeparator: ', ',
  lastSeparator: ' et ',
};

/** French typography on every sentence (U+202F before `; ! ?`, U+00A0 before `:` and inside « »), never on values. */
export const fr = typeset(words);

export type Catalogue = typeof words;

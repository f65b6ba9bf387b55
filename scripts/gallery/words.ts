/**
 * What the cell's members type during the night, in each locale (a French cell writes French tweets), and
 * the gallery's own words around the bot's: scenario captions and the few labels of Slack's interface.
 */
import type { Locale } from '../../src/platform/config.js';

export interface Words {
  tweets: {
    pending: string;
    published: string;
    incident: string;
    images: string;
    imageAlts: [string, string];
    typo: string;
    fixed: string;
    rejected: string;
    withdrawn: string;
    scheduled: string;
    expired: string;
    dryRun: string;
    credentials: string;
    uncertain: [string, string];
    limited: string;
    closing: string;
    tooLong: string;
  };
  notes: { first: string; modal: string; third: string; done: string };
  /** Slack's own labels, as its interface shows them in this language. */
  slack: {
    onlyYou: string;
    replies: (n: number) => string;
    earlierReplies: (n: number) => string;
    alsoSent: string;
    edited: string;
    app: string;
    home: string;
    about: string;
    messages: string;
    optional: string;
    dropFiles: string;
    shownAgain: string;
    answer: string;
    viaResponse: string;
    versions: (n: number) => string;
    submitted: string;
  };
}

const fr: Words = {
  tweets: {
    pending: 'Contrôles routiers renforcés ce week-end sur la RN 113 entre Nîmes et Lunel. Levez le pied !',
    published: 'Opération anti-cambriolages ce soir à Nîmes : 40 gendarmes mobilisés. Signalez tout comportement suspect au 17. #Nîmes',
    incident: 'Accident sur l’A9 à hauteur de Montpellier-Est, sens Espagne → Lyon. Évitez le secteur, les secours sont sur place. #A9',
    images: 'Bilan de l’opération de ce soir : 12 contrôles, 3 interpellations. Merci aux équipes mobilisées.',
    imageAlts: ['Carte des secteurs contrôlés à Nîmes, en rouge', 'Gendarmes devant un point de contrôle, de nuit'],
    typo: 'Apel à témoins : un véhicule a pris la fuite après un accident à Sète vers 20 h.',
    fixed: 'Appel à témoins : un véhicule a pris la fuite après un accident à Sète vers 20 h. Contactez le 17.',
    rejected: 'Info non confirmée : incendie possible près de Lodève.',
    withdrawn: 'Vigilance orange orages : restez prudents sur les routes du Gard.',
    scheduled: 'Rappel : la RN 106 sera fermée cette nuit de 0 h à 5 h pour travaux. Déviation par Alès.',
    expired: 'Prévention : pensez à verrouiller vos véhicules, même pour quelques minutes.',
    dryRun: 'Test de la chaîne de publication, à ne pas diffuser.',
    credentials: 'Exercice de sécurité civile demain matin au lycée Daudet : présence de secours, pas d’inquiétude.',
    uncertain: ['Route coupée à Saint-Guilhem-le-Désert après un éboulement. Itinéraire conseillé par Aniane.', 'Disparition inquiétante à Alès : Lucas, 14 ans, 1,60 m, veste rouge. Toute information au 17.'],
    limited: 'Fin de l’opération de contrôle de Lunel : aucun incident à signaler.',
    closing: 'A9 : l’accident de Montpellier-Est est dégagé, la circulation est rétablie dans les deux sens.',
    tooLong: 'Point de situation : '.concat('l’incendie de Lodève progresse vers le nord, les habitants sont invités à rester chez eux. '.repeat(3)),
  },
  notes: {
    first: 'RAS sauf l’A9, suivi en cours. Le rappel RN 106 est programmé pour 23h30.',
    modal: 'Nuit calme. Une publication incertaine sur X : à vérifier sur le compte.',
    third: 'Relève du matin : penser à la conférence de presse de 10 h.',
    done: 'Signalé par téléphone, plus d’actualité',
  },
  slack: {
    onlyYou: 'Visible uniquement par vous',
    replies: (n) => `${n} réponse${n > 1 ? 's' : ''}`,
    earlierReplies: (n) => `${n} réponse${n > 1 ? 's' : ''} plus tôt dans le fil`,
    alsoSent: 'Également envoyé sur le canal',
    edited: '(modifié)',
    app: 'APP',
    home: 'Accueil',
    about: 'À propos',
    messages: 'Messages',
    optional: '(facultatif)',
    dropFiles: 'Glissez-déposez ou cliquez pour importer',
    shownAgain: 'message plus ancien, montré à nouveau',
    answer: 'réponse à la commande',
    viaResponse: 'réponse privée',
    versions: (n) => `${n} versions`,
    submitted: 'envoyé',
  },
};

const en: Words = {
  tweets: {
    pending: 'Extra road checks this weekend on the RN 113 between Nîmes and Lunel. Slow down!',
    published: 'Anti-burglary operation tonight in Nîmes: 40 officers on the ground. Report anything suspicious on 17. #Nimes',
    incident: 'Crash on the A9 near Montpellier-Est, towards Lyon. Avoid the area, emergency services are on site. #A9',
    images: 'Tonight’s operation: 12 checks, 3 arrests. Thanks to every team involved.',
    imageAlts: ['Map of the areas checked in Nîmes, in red', 'Officers at a checkpoint, at night'],
    typo: 'Apeal for witnesses: a car drove off after a crash in Sète around 8 pm.',
    fixed: 'Appeal for witnesses: a car drove off after a crash in Sète around 8 pm. Call 17.',
    rejected: 'Unconfirmed: possible fire near Lodève.',
    withdrawn: 'Orange storm warning: take care on the roads of the Gard.',
    scheduled: 'Reminder: the RN 106 is closed tonight from midnight to 5 am for roadworks. Detour via Alès.',
    expired: 'Prevention: lock your car, even for a few minutes.',
    dryRun: 'Publication chain test, not for release.',
    credentials: 'Civil protection drill tomorrow morning at the Daudet high school: emergency vehicles, nothing to worry about.',
    uncertain: ['Road closed in Saint-Guilhem-le-Désert after a rockfall. Take the Aniane road instead.', 'Missing person in Alès: Lucas, 14, 1.60 m, red jacket. Any information: call 17.'],
    limited: 'The Lunel road check is over: nothing to report.',
    closing: 'A9: the Montpellier-Est crash is cleared, traffic is back to normal both ways.',
    tooLong: 'Situation update: '.concat('the Lodève fire is moving north, residents are asked to stay at home. '.repeat(4)),
  },
  notes: {
    first: 'Quiet except the A9, follow-up open. The RN 106 reminder is scheduled for 23:30.',
    modal: 'Quiet night. One uncertain X publication: check the account.',
    third: 'Morning shift: remember the 10 am press conference.',
    done: 'Reported by phone, no longer relevant',
  },
  slack: {
    onlyYou: 'Only visible to you',
    replies: (n) => `${n} repl${n > 1 ? 'ies' : 'y'}`,
    earlierReplies: (n) => `${n} earlier repl${n > 1 ? 'ies' : 'y'} in the thread`,
    alsoSent: 'Also sent to the channel',
    edited: '(edited)',
    app: 'APP',
    home: 'Home',
    about: 'About',
    messages: 'Messages',
    optional: '(optional)',
    dropFiles: 'Drag and drop or click to upload',
    shownAgain: 'earlier message, shown again',
    answer: 'answer to the command',
    viaResponse: 'private answer',
    versions: (n) => `${n} versions`,
    submitted: 'submitted',
  },
};

export const WORDS: Record<Locale, Words> = { fr, en };

// Interface strings and the choice of language. English is built in; every other language is
// a catalog fetched when it is chosen (src/lang/<code>.json, built into dist/data/, see
// catalog-loader.js). The choice: the language the site forces, else the browser's languages in
// their order, else the page's <html lang>, else English.

/** Every language the widget ships; each but English is a file src/lang/<code>.json. */
export const LANGUAGES = ['en', 'ar', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt'];
const RIGHT_TO_LEFT = ['ar'];

export const en = {
    openChat: 'Open chat',
    openChatUnread_one: 'Open chat, {n} unread message',
    openChatUnread_other: 'Open chat, {n} unread messages',
    closeChat: 'Close chat',
    endChat: 'End chat',
    endConfirm: 'End this chat?',
    keepChatting: 'Keep chatting',
    previewFrom: 'New message from {name}:',
    previewDismiss: 'Hide message preview',
    defaultTitle: 'Chat with us',
    defaultGreeting: 'Hi! How can we help you today?',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    unavailable: 'The chat is not available right now.',
    messageLabel: 'Message',
    messagePlaceholder: 'Write a message…',
    emoji: 'Insert emoji',
    emojiLoading: 'Loading emoji…',
    emojiFailed: 'The emoji could not be loaded.',
    send: 'Send',
    sending: 'Sending…',
    sent: 'Sent',
    notDelivered: 'Not delivered',
    you: 'You',
    agent: 'Support',
    system: 'System',
    typing: '{name} is typing…',
    someoneTyping: 'Someone is typing…',
    queuePosition: 'You are number {n} in the queue.',
    waitUnknown: 'Estimated wait: unknown.',
    waitNow: 'An agent will be with you in a moment.',
    waitUnderMinute: 'Estimated wait: less than a minute.',
    waitMinutes_one: 'Estimated wait: about {n} minute.',
    waitMinutes_other: 'Estimated wait: about {n} minutes.',
    waitHours_one: 'Estimated wait: about {n} hour.',
    waitHours_other: 'Estimated wait: about {n} hours.',
    preChatIntro: 'Please introduce yourself before we start.',
    name: 'Name',
    email: 'Email',
    nameOptional: 'Name (optional)',
    startChat: 'Start chat',
    offlineIntro: 'No one is available right now. Leave a message and we will reply by email.',
    offlineSend: 'Send message',
    offlineThanks: 'Thank you! We received your message and will reply by email.',
    errNameRequired: 'Please enter your name.',
    errEmailRequired: 'Please enter your email address.',
    errEmailInvalid: 'Please enter a valid email address, like name@example.com.',
    errTooLong_one: 'This is too long (at most {n} character).',
    errTooLong_other: 'This is too long (at most {n} characters).',
    errMessageRequired: 'Please write a message.',
    errSendFailed: 'Could not send. Please check your connection and try again.',
    errTooMany_one: 'You have sent a lot in a short time. Please try again in a minute.',
    errTooMany_other: 'You have sent a lot in a short time. Please try again in {n} minutes.',
    closedNotice: 'This chat has ended.',
    offlineAnswered: 'We answered your message.',
    ratePrompt: 'How was this chat?',
    rateGood: 'Good',
    rateBad: 'Bad',
    commentLabel: 'Comment (optional)',
    submitRating: 'Send feedback',
    ratingThanks: 'Thank you for your feedback!',
    transcript: 'Download transcript',
    transcriptTitle: 'Chat transcript',
    newChat: 'Start a new chat',
    department: 'Department',
    anyDepartment: 'Any department',
    attach: 'Attach a file',
    attachment: 'Attachment',
    dropFiles: 'Drop files here to send them',
    cancelUpload: 'Cancel upload',
    removeFailed: 'Remove',
    errFileTooLarge: 'This file is too large (at most {size}).',
    errFileType: 'Files of this type cannot be sent here.',
    errTooManyFiles: 'No more files can be sent in this chat.',
    errUploadFailed: 'The file could not be sent. Please try again.',
    errLoadFailed: 'This part of the chat could not be loaded. Please check your connection.',
};

/** The primary subtag of a language tag, lower case ('pt' of 'pt-BR'), or ''. */
export function primaryLanguage(tag) {
    return typeof tag === 'string' ? tag.trim().toLowerCase().split(/[-_]/)[0] : '';
}

/**
 * The language to show: `forced` (the site's setting) when the widget has it, else the first of
 * the `browser`'s languages it has, else the `page`'s, else English.
 */
export function pickLanguage({ forced, browser, page } = {}, available = LANGUAGES) {
    for (const tag of [forced, ...(browser || []), page]) {
        const code = primaryLanguage(tag);
        if (available.includes(code)) return code;
    }
    return 'en';
}

export function directionOf(lang) {
    return RIGHT_TO_LEFT.includes(lang) ? 'rtl' : 'ltr';
}

/**
 * t(key, vars): the string for key in `catalog` (English where it has none) with {name}
 * placeholders filled, numbers written the language's way. With a numeric vars.n the form for
 * its plural category is used (key_one, key_few, …, key_other), or the plain key.
 */
export function createTranslator(lang, catalog = en) {
    const rules = new Intl.PluralRules(lang);
    const numbers = new Intl.NumberFormat(lang);
    const lookup = (c, key, n) =>
        (n === undefined ? undefined : (c[`${key}_${rules.select(n)}`] ?? c[`${key}_other`])) ?? c[key];
    return function t(key, vars = {}) {
        const n = typeof vars.n === 'number' ? vars.n : undefined;
        const text = lookup(catalog, key, n) ?? lookup(en, key, n) ?? key;
        return text.replace(/\{(\w+)\}/g, (m, name) => {
            if (!(name in vars)) return m;
            return typeof vars[name] === 'number' ? numbers.format(vars[name]) : String(vars[name]);
        });
    };
}

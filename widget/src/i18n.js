// Interface strings and the choice of language: the page's <html lang> wins (the site
// owner chose it), then the browser's preferences, then English.

const en = {
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
    assigned: '{name} joined the chat.',
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
    errTooLong: 'This is too long (at most {n} characters).',
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
};

const de = {
    openChat: 'Chat öffnen',
    openChatUnread_one: 'Chat öffnen, {n} ungelesene Nachricht',
    openChatUnread_other: 'Chat öffnen, {n} ungelesene Nachrichten',
    closeChat: 'Chat schließen',
    endChat: 'Chat beenden',
    endConfirm: 'Diesen Chat beenden?',
    keepChatting: 'Weiterchatten',
    previewFrom: 'Neue Nachricht von {name}:',
    previewDismiss: 'Nachrichtenvorschau ausblenden',
    defaultTitle: 'Chatten Sie mit uns',
    defaultGreeting: 'Hallo! Wie können wir Ihnen helfen?',
    connecting: 'Verbinde…',
    reconnecting: 'Verbindung wird wiederhergestellt…',
    unavailable: 'Der Chat ist zurzeit nicht verfügbar.',
    messageLabel: 'Nachricht',
    messagePlaceholder: 'Nachricht schreiben…',
    send: 'Senden',
    sending: 'Wird gesendet…',
    sent: 'Gesendet',
    notDelivered: 'Nicht zugestellt',
    you: 'Sie',
    agent: 'Support',
    system: 'System',
    typing: '{name} schreibt…',
    someoneTyping: 'Jemand schreibt…',
    queuePosition: 'Sie sind Nummer {n} in der Warteschlange.',
    waitUnknown: 'Geschätzte Wartezeit: unbekannt.',
    waitNow: 'Gleich ist jemand für Sie da.',
    waitUnderMinute: 'Geschätzte Wartezeit: weniger als eine Minute.',
    waitMinutes_one: 'Geschätzte Wartezeit: etwa {n} Minute.',
    waitMinutes_other: 'Geschätzte Wartezeit: etwa {n} Minuten.',
    waitHours_one: 'Geschätzte Wartezeit: etwa {n} Stunde.',
    waitHours_other: 'Geschätzte Wartezeit: etwa {n} Stunden.',
    assigned: '{name} ist dem Chat beigetreten.',
    preChatIntro: 'Bitte stellen Sie sich kurz vor.',
    name: 'Name',
    email: 'E-Mail',
    nameOptional: 'Name (optional)',
    startChat: 'Chat starten',
    offlineIntro: 'Gerade ist niemand erreichbar. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
    offlineSend: 'Nachricht senden',
    offlineThanks: 'Vielen Dank! Wir haben Ihre Nachricht erhalten und antworten per E-Mail.',
    errNameRequired: 'Bitte geben Sie Ihren Namen ein.',
    errEmailRequired: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
    errEmailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.',
    errTooLong: 'Das ist zu lang (höchstens {n} Zeichen).',
    errMessageRequired: 'Bitte schreiben Sie eine Nachricht.',
    errSendFailed: 'Senden fehlgeschlagen. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    errTooMany_one: 'Sie haben in kurzer Zeit viel gesendet. Bitte versuchen Sie es in einer Minute erneut.',
    errTooMany_other: 'Sie haben in kurzer Zeit viel gesendet. Bitte versuchen Sie es in {n} Minuten erneut.',
    closedNotice: 'Dieser Chat wurde beendet.',
    offlineAnswered: 'Wir haben auf Ihre Nachricht geantwortet.',
    ratePrompt: 'Wie fanden Sie diesen Chat?',
    rateGood: 'Gut',
    rateBad: 'Schlecht',
    commentLabel: 'Kommentar (optional)',
    submitRating: 'Feedback senden',
    ratingThanks: 'Vielen Dank für Ihr Feedback!',
    transcript: 'Verlauf herunterladen',
    transcriptTitle: 'Chatverlauf',
    newChat: 'Neuen Chat beginnen',
    department: 'Abteilung',
    anyDepartment: 'Beliebige Abteilung',
};

export const catalogs = { en, de };

/** First supported primary language among the page's lang and the browser's languages. */
export function pickLanguage(htmlLang, navigatorLanguages = [], available = Object.keys(catalogs)) {
    const candidates = [htmlLang, ...(navigatorLanguages || [])];
    for (const tag of candidates) {
        if (typeof tag !== 'string' || !tag.trim()) continue;
        const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
        if (available.includes(primary)) return primary;
    }
    return available.includes('en') ? 'en' : available[0];
}

/**
 * t(key, vars): the string for key with {name} placeholders filled. With a numeric vars.n
 * the plural form key_one / key_other is used when the catalog has it.
 */
export function createTranslator(lang) {
    const catalog = catalogs[lang] || en;
    const rules = new Intl.PluralRules(lang);
    return function t(key, vars = {}) {
        let text;
        if (typeof vars.n === 'number') {
            text = catalog[`${key}_${rules.select(vars.n)}`] ?? catalog[`${key}_other`];
        }
        text = text ?? catalog[key] ?? en[key] ?? key;
        return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    };
}

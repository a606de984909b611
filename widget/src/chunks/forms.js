// Chunk "forms": the pre-chat and offline forms, fetched when the chat first opens.
import { defineChunk } from '../chunk-loader.js';
import { createOfflineForm, createPreChatForm, CSS } from '../ui/forms.js';

defineChunk('forms', { createPreChatForm, createOfflineForm, css: CSS });

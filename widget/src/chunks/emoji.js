// Chunk "emoji": the picker's grid.
import { defineChunk } from '../chunk-loader.js';
import { emojiGrid } from '../ui/emoji-grid.js';

defineChunk('emoji', { emojiGrid });

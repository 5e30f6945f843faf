#!/usr/bin/env node
import '../dist/src/cli/stagein.js';

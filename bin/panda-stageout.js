#!/usr/bin/env node
import '../dist/src/cli/stageout.js';

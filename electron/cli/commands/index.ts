// Every subcommand of `appliance`, in the order --help lists them. A new command is one file here
// and one line in this list.
import type { Command } from 'commander';
import type { CliIO } from '../io.ts';
import { registerBuild } from './build.ts';
import { registerCheck } from './check.ts';
import { registerImport } from './import.ts';
import { registerTestBoot } from './test-boot.ts';
import { registerConvert } from './convert.ts';
import { registerDigest } from './digest.ts';
import { registerDisk } from './disk.ts';
import { registerInit } from './init.ts';
import { registerPack } from './pack.ts';
import { registerSign } from './sign.ts';
import { registerVerify } from './verify.ts';
import { registerInspect } from './inspect.ts';
import { registerValidate } from './validate.ts';

export const commandRegistrars: readonly ((program: Command, io: CliIO) => void)[] = [registerDigest, registerInspect, registerValidate, registerInit, registerImport, registerCheck, registerBuild, registerTestBoot, registerDisk, registerConvert, registerVerify, registerPack, registerSign];

/**
 * Our zip as an archiver archive: archiver's exported base class with our format module
 * (format.ts), set up in the few lines archiver's own `ZipArchive` uses. These five members of
 * the base class are its extension point, and the only underscored names of a dependency this
 * repository touches (an ESLint rule keeps it so).
 */
import { Archiver } from 'archiver';
import type { ZipFormat } from './format.js';

export class XltvZipArchive extends Archiver {
  declare _format: string;
  declare _module: ZipFormat;
  declare _supportsDirectory: boolean;
  declare _supportsSymlink: boolean;
  declare _modulePipe: () => void;

  constructor(format: ZipFormat, highWaterMark: number) {
    super({ highWaterMark });
    this._format = 'zip';
    this._module = format;
    this._supportsDirectory = false;
    this._supportsSymlink = false;
    this._modulePipe();
  }
}

// The Workbook class alone (exceljs/lib/doc/workbook.js): the package's entry point also loads the
// streaming reader and writer (archiver, unzipper, bluebird…), ~580 KB of the aggregator's bundle
// that the snapshot never uses. Same class, same types.
declare module 'exceljs/lib/doc/workbook.js' {
  import type { Workbook } from 'exceljs';
  const WorkbookClass: typeof Workbook;
  export default WorkbookClass;
}

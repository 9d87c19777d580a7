// Reading a Blob's bytes through FileReader, which every browser and jsdom have (jsdom's Blob has no arrayBuffer()).

/** The bytes of `blob`. */
export function blobBytes(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('cannot read the data'));
    reader.readAsArrayBuffer(blob);
  });
}

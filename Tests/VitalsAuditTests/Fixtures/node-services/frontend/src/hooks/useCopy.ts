export function useCopy(text: string) {
  navigator.clipboard.writeText(text).catch((error) => console.error("copy failed", error));
}

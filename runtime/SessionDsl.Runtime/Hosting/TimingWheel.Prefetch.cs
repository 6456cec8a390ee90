using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SessionDsl.Hosting;

// The timing wheel, cache prefetch hints for versions and chunks.
internal sealed partial class TimingWheel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchVersion(int id)
    {
        if ((uint)id < (uint)_versions.Length)
        {
            Prefetch(ref _versions[id]);
        }
    }

    private static void PrefetchChunk(Chunk? chunk)
    {
        if (chunk is not null)
        {
            ref Entry first = ref chunk.Items[0];
            for (int i = 0; i < ChunkSize; i += 4)
            {
                Prefetch(ref Unsafe.Add(ref first, i));
            }
        }
    }

    /// <summary>
    /// Asks the processor to bring <paramref name="location"/>'s cache line in. Only a hint: it never faults, and a
    /// garbage collection moving the array only makes it useless. Callers keep the location inside its array.
    /// At a million sessions the entries and versions outgrow the caches, and without it every fired entry's version
    /// and every new line of a chunk being filled is a wait on memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(ref T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref location));
        }
    }
}

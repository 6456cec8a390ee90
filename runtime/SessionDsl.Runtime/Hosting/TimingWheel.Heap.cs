namespace SessionDsl.Hosting;

// The timing wheel, the heap of entries that fall due within the current unit.
internal sealed partial class TimingWheel
{
    private void PushHeap(in Entry item)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!item.Precedes(_heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = item;
    }

    private void PopHeap()
    {
        Entry last = _heap[--_heapCount];
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && _heap[child + 1].Precedes(_heap[child]))
            {
                child++;
            }

            if (!_heap[child].Precedes(last))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        if (_heapCount > 0)
        {
            _heap[i] = last;
        }
    }
}

# Descent Lab: the same pinned install as `make run` (CPU-only torch 2.13.0).
# Build: docker build -t descent-lab .   Run: docker run -p 8501:8501 descent-lab
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1 \
    MKL_NUM_THREADS=1 \
    MALLOC_ARENA_MAX=2 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=none \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none

WORKDIR /app
# The Makefile's `install` step: pinned pip, then the pinned requirements (torch's CPU
# wheel index added, as this machine's local wheel of torch==2.13.0 is the CPU build).
COPY requirements.txt .
RUN python -m pip install --no-cache-dir --upgrade pip==26.3 \
    && python -m pip install --no-cache-dir \
       --extra-index-url https://download.pytorch.org/whl/cpu -r requirements.txt

# The code stays root-owned (read-only to the app's user: the app writes nothing under
# /app); the user gets a home for Streamlit's and torch's per-user files.
RUN useradd --create-home --uid 10001 --user-group lab
COPY . .
USER 10001
# Compile the fused engine's kernels into numba's on-disk cache (the user's ~/.cache, as
# /app is read-only to it), so no request pays the compile; the app loads them at start.
RUN python -c "from optim_core.fused import warm; warm(verbose=True)"

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]
ENTRYPOINT ["streamlit", "run", "streamlit_app.py"]

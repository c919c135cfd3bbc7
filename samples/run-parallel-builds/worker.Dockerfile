FROM busybox
RUN echo worker image > /role
CMD ["cat", "/role"]
